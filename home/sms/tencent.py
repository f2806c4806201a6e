"""腾讯云短信 (Tencent Cloud SMS, API 2021-01-11) through its official SDK.

Settings (environment): QINGFENG_SMS_TENCENT_SECRET_ID, QINGFENG_SMS_TENCENT_SECRET_KEY,
QINGFENG_SMS_TENCENT_SDK_APP_ID, QINGFENG_SMS_TENCENT_REGION (default ap-guangzhou),
QINGFENG_SMS_SIGN_NAME and one QINGFENG_SMS_TEMPLATE_<KIND> per kind of message (its ID).
"""

from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111.models import SendSmsRequest
from tencentcloud.sms.v20210111.sms_client import SmsClient

from ..notifications.base import Receipt, TemporaryError
from .provider import ProviderNotifier


class TencentNotifier(ProviderNotifier):
    name = "tencent"
    section = "TENCENT"
    required = ("SECRET_ID", "SECRET_KEY", "SDK_APP_ID")
    # https://cloud.tencent.com/document/product/382/55981 (SendSms error codes)
    rate_limited_prefixes = ("LimitExceeded.", "RequestLimitExceeded")
    invalid_number = (
        "InvalidParameterValue.IncorrectPhoneNumber",
        "FailedOperation.PhoneNumberInBlacklist",
        "FailedOperation.PhoneNumberParseFail",
    )
    out_of_balance = (
        "FailedOperation.InsufficientBalanceInSmsPackage",
        "FailedOperation.OrderArrears",
    )
    # The SDK's own codes for a failed connection and for an answer other than 200.
    temporary = ("ClientNetworkError", "ServerNetworkError")
    temporary_prefixes = ("InternalError", "ResourceUnavailable")

    def __init__(self):
        super().__init__()
        http = HttpProfile(
            protocol=self.account.get("PROTOCOL") or "https",
            endpoint=self.account.get("ENDPOINT") or "sms.tencentcloudapi.com",
            reqMethod="POST",
            reqTimeout=int(self.timeout),
        )
        # No retryer: retries are the delivery task's, with its own backoff.
        self.client = SmsClient(
            Credential(self.account["SECRET_ID"], self.account["SECRET_KEY"]),
            self.account.get("REGION") or "ap-guangzhou",
            ClientProfile(httpProfile=http),
        )

    def submit(self, message, sign_name, template, params):
        request = SendSmsRequest()
        request.SmsSdkAppId = self.account["SDK_APP_ID"]
        request.SignName = sign_name
        request.TemplateId = template
        request.TemplateParamSet = [value for _name, value in params]
        request.PhoneNumberSet = [f"+86{message.phone}"]
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as error:
            answer = error.message
            if isinstance(answer, bytes):
                answer = answer.decode("utf-8", "replace")
            raise self.error_for(error.code, answer) from None
        status = response.SendStatusSet[0] if response.SendStatusSet else None
        if status is None:
            raise TemporaryError("NoSendStatus", response.RequestId or "")
        if status.Code != "Ok":
            raise self.error_for(status.Code, status.Message)
        return Receipt(code=status.Code, answer=f"SerialNo {status.SerialNo}")
