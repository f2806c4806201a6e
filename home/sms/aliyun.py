"""阿里云短信 (Alibaba Cloud SMS, Dysmsapi 2017-05-25) through its official SDK.

Settings (environment): QINGFENG_SMS_ALIYUN_ACCESS_KEY_ID, QINGFENG_SMS_ALIYUN_ACCESS_KEY_SECRET,
QINGFENG_SMS_SIGN_NAME and one QINGFENG_SMS_TEMPLATE_<KIND> per kind of message (SMS_…).
"""

import json

from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_dysmsapi20170525.models import SendSmsRequest
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions

from ..notifications.base import Receipt, TemporaryError
from .provider import ProviderNotifier


class AliyunNotifier(ProviderNotifier):
    name = "aliyun"
    section = "ALIYUN"
    required = ("ACCESS_KEY_ID", "ACCESS_KEY_SECRET")
    # https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
    rate_limited = (
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.MINUTE_LIMIT_CONTROL",
        "isv.SMS_TEST_NUMBER_LIMIT",
    )
    rate_limited_prefixes = ("Throttling",)
    invalid_number = ("isv.MOBILE_NUMBER_ILLEGAL", "isv.PHONE_NUMBER_ILLEGAL")
    out_of_balance = ("isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE", "isp.OUT_OF_SERVICE")
    temporary = ("isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "ServiceUnavailable", "InternalError")

    def __init__(self):
        super().__init__()
        self.client = Client(
            Config(
                access_key_id=self.account["ACCESS_KEY_ID"],
                access_key_secret=self.account["ACCESS_KEY_SECRET"],
                endpoint=self.account.get("ENDPOINT") or "dysmsapi.aliyuncs.com",
                protocol=self.account.get("PROTOCOL") or "HTTPS",
            )
        )
        # Retries are the delivery task's, with its own backoff; the SDK must not add its own.
        timeout_ms = int(self.timeout * 1000)
        self.runtime = RuntimeOptions(
            autoretry=False, connect_timeout=timeout_ms, read_timeout=timeout_ms
        )

    def submit(self, message, sign_name, template, params):
        request = SendSmsRequest(
            phone_numbers=message.phone,
            sign_name=sign_name,
            template_code=template,
            template_param=json.dumps(dict(params), ensure_ascii=False),
        )
        try:
            response = self.client.send_sms_with_options(request, self.runtime)
        except AlibabaCloudException as error:
            if (error.status_code or 500) >= 500:
                raise TemporaryError(error.code or error.status_code, error.message) from None
            raise self.error_for(error.code, error.message) from None
        body = response.body
        if body.code != "OK":
            raise self.error_for(body.code, body.message)
        return Receipt(code=body.code, answer=f"BizId {body.biz_id}")
