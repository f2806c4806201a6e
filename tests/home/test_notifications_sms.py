"""The Alibaba Cloud and Tencent Cloud adapters, on their official SDKs, against a local HTTP
server that answers as the provider does: what the SDK sends, and what each answer becomes."""

import json

import pytest
from django.db import transaction

from home.notifications import (
    InvalidNumber,
    Kind,
    Message,
    NotConfigured,
    Outgoing,
    OutOfBalance,
    RateLimited,
    TemporaryError,
    notify,
)
from home.sms.aliyun import AliyunNotifier
from home.sms.tencent import TencentNotifier

from .sms_provider import ProviderServer

PHONE = "13900000001"
TEXT = "【清风社区】您的验证码 123456，5分钟内有效。"
TEMPLATES = {"verification": "SMS_465912301", "reminder": "SMS_465912399"}
REMINDER = {"event": "廉政文化讲座", "time": "12月3日14:30", "code": "K9YHGWY8"}


@pytest.fixture
def provider(settings):
    with ProviderServer() as server:
        settings.QINGFENG_SMS = {
            "SIGN_NAME": "清风社区",
            "TIMEOUT": 5,
            "TEMPLATES": TEMPLATES,
            "ALIYUN": {
                "ACCESS_KEY_ID": "LTAI-test",
                "ACCESS_KEY_SECRET": "secret-for-tests",
                "ENDPOINT": server.endpoint,
                "PROTOCOL": "HTTP",
            },
            "TENCENT": {
                "SECRET_ID": "AKID-test",
                "SECRET_KEY": "secret-for-tests",
                "SDK_APP_ID": "1400787878",
                "REGION": "ap-guangzhou",
                "ENDPOINT": server.endpoint,
                "PROTOCOL": "http",
            },
        }
        yield server


def verification():
    return Outgoing(PHONE, TEXT, Kind.VERIFICATION, {"code": "123456"})


def aliyun_answer(code="OK", message="OK"):
    return {"Code": code, "Message": message, "BizId": "900619746936498440^0", "RequestId": "F6"}


def tencent_answer(code="Ok", message="send success"):
    status = {"Code": code, "Message": message, "SerialNo": "2640:3303", "PhoneNumber": PHONE}
    return {"Response": {"SendStatusSet": [status], "RequestId": "a0aabda6"}}


def tencent_error(code, message):
    return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "b1"}}


# --- Alibaba Cloud -------------------------------------------------------------------------------


def test_aliyun_sends_the_template_with_its_parameters(provider):
    provider.answer(200, aliyun_answer())
    receipt = AliyunNotifier().send_message(verification())
    [request] = provider.received
    assert request.headers["x-acs-action"] == "SendSms"
    assert request.headers["x-acs-version"] == "2017-05-25"
    assert request.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=LTAI-test")
    assert request.query["PhoneNumbers"] == PHONE
    assert request.query["SignName"] == "清风社区"
    assert request.query["TemplateCode"] == "SMS_465912301"
    assert json.loads(request.query["TemplateParam"]) == {"code": "123456"}
    assert (receipt.code, receipt.answer) == ("OK", "BizId 900619746936498440^0")


def test_aliyun_names_each_parameter_of_a_reminder(provider):
    provider.answer(200, aliyun_answer())
    AliyunNotifier().send_message(Outgoing(PHONE, "提醒", Kind.REMINDER, REMINDER))
    assert json.loads(provider.received[0].query["TemplateParam"]) == REMINDER


ALIYUN_ANSWERS = [
    (
        200,
        aliyun_answer("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5"),
        RateLimited,
        "isv.BUSINESS_LIMIT_CONTROL",
    ),
    (400, {"Code": "Throttling.User", "Message": "flow control"}, RateLimited, "Throttling.User"),
    (
        500,
        {"Code": "ServiceUnavailable", "Message": "failed"},
        TemporaryError,
        "ServiceUnavailable",
    ),
    (
        200,
        aliyun_answer("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"),
        InvalidNumber,
        "isv.MOBILE_NUMBER_ILLEGAL",
    ),
    (
        200,
        aliyun_answer("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"),
        OutOfBalance,
        "isv.AMOUNT_NOT_ENOUGH",
    ),
]


# --- Tencent Cloud -------------------------------------------------------------------------------


def test_tencent_sends_the_template_with_its_parameters_in_order(provider):
    provider.answer(200, tencent_answer())
    receipt = TencentNotifier().send_message(Outgoing(PHONE, "提醒", Kind.REMINDER, REMINDER))
    [request] = provider.received
    assert request.headers["x-tc-action"] == "SendSms"
    assert request.headers["x-tc-version"] == "2021-01-11"
    assert request.headers["x-tc-region"] == "ap-guangzhou"
    assert request.headers["authorization"].startswith("TC3-HMAC-SHA256 Credential=AKID-test/")
    assert request.json == {
        "PhoneNumberSet": ["+8613900000001"],
        "SmsSdkAppId": "1400787878",
        "SignName": "清风社区",
        "TemplateId": "SMS_465912399",
        "TemplateParamSet": ["廉政文化讲座", "12月3日14:30", "K9YHGWY8"],
    }
    assert (receipt.code, receipt.answer) == ("Ok", "SerialNo 2640:3303")


TENCENT_ANSWERS = [
    (
        200,
        tencent_answer("LimitExceeded.PhoneNumberThirtySecondLimit", "30秒内限发1条"),
        RateLimited,
        "LimitExceeded.PhoneNumberThirtySecondLimit",
    ),
    (
        200,
        tencent_error("RequestLimitExceeded", "请求的次数超过了频率限制。"),
        RateLimited,
        "RequestLimitExceeded",
    ),
    (500, {"message": "Internal Server Error"}, TemporaryError, "ServerNetworkError"),
    (
        200,
        tencent_answer("InvalidParameterValue.IncorrectPhoneNumber", "手机号格式错误"),
        InvalidNumber,
        "InvalidParameterValue.IncorrectPhoneNumber",
    ),
    (
        200,
        tencent_error("FailedOperation.InsufficientBalanceInSmsPackage", "套餐包余量不足"),
        OutOfBalance,
        "FailedOperation.InsufficientBalanceInSmsPackage",
    ),
]


@pytest.mark.parametrize(
    ("notifier", "status", "answer", "error", "code"),
    [(AliyunNotifier, *case) for case in ALIYUN_ANSWERS]
    + [(TencentNotifier, *case) for case in TENCENT_ANSWERS],
)
def test_provider_answers_become_the_projects_errors(
    provider, notifier, status, answer, error, code
):
    provider.answer(status, answer)
    with pytest.raises(error) as raised:
        notifier().send_message(verification())
    assert raised.type is error
    assert raised.value.code == code


def test_a_kind_without_a_template_is_not_sent(provider):
    with pytest.raises(NotConfigured) as raised:
        TencentNotifier().send_message(Outgoing(PHONE, "报名已取消", Kind.CANCELLED, {}))
    assert raised.value.answer == "QINGFENG_SMS_TEMPLATE_CANCELLED"
    assert provider.received == []


# --- Through the queue: the log shows what happened ----------------------------------------------


@pytest.fixture
def through(settings, django_capture_on_commit_callbacks):
    def send(notifier, **kwargs):
        settings.QINGFENG_NOTIFIER = notifier
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notify(PHONE, TEXT, kind=Kind.VERIFICATION, params={"code": "123456"}, **kwargs)
        return Message.objects.get()

    return send


@pytest.mark.django_db
def test_a_throttled_message_goes_out_on_a_later_attempt(provider, through):
    provider.answer(200, tencent_answer("LimitExceeded.PhoneNumberThirtySecondLimit", "30秒"))
    provider.answer(200, tencent_answer())
    message = through("home.sms.tencent.TencentNotifier")
    assert len(provider.received) == 2
    assert (message.status, message.attempts, message.provider) == ("sent", 2, "tencent")
    assert (message.error, message.provider_code) == ("", "Ok")
    assert message.phone == "" and message.text.startswith("【清风社区】您的验证码 ******")


@pytest.mark.django_db
def test_a_provider_down_is_tried_up_to_the_limit_then_failed(provider, through, settings):
    settings.QINGFENG_SMS_MAX_ATTEMPTS = 3
    for _attempt in range(3):
        provider.answer(500, {"Code": "ServiceUnavailable", "Message": "The request has failed."})
    message = through("home.sms.aliyun.AliyunNotifier")
    assert len(provider.received) == 3
    assert (message.status, message.attempts, message.error) == ("failed", 3, "temporary")
    assert message.provider_code == "ServiceUnavailable"
    # A verification code is dead long before staff could resend it: the log keeps no code.
    assert message.kind == "verification" and not message.can_resend
    assert message.phone == "" and message.params == {}


@pytest.mark.django_db
def test_an_invalid_number_fails_at_once(provider, through):
    provider.answer(200, aliyun_answer("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"))
    message = through("home.sms.aliyun.AliyunNotifier")
    assert len(provider.received) == 1
    assert (message.status, message.attempts, message.error) == ("failed", 1, "invalid_number")
    assert message.provider_answer == "非法手机号"


@pytest.mark.django_db
def test_missing_credentials_fail_the_message_without_a_request(provider, through, settings):
    settings.QINGFENG_SMS = {**settings.QINGFENG_SMS, "ALIYUN": {}}
    message = through("home.sms.aliyun.AliyunNotifier")
    assert provider.received == []
    assert (message.status, message.error) == ("failed", "not_configured")
    assert message.provider_answer == "QINGFENG_SMS_ALIYUN_ACCESS_KEY_ID"
