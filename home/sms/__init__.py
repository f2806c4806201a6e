"""Adapters for the SMS providers that community offices in China use, on their official SDKs.

Choose one with QINGFENG_NOTIFIER=home.sms.aliyun.AliyunNotifier or
home.sms.tencent.TencentNotifier; only the chosen one's SDK is imported.
"""
