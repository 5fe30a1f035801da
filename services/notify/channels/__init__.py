"""Channel adapters: e-mail (SMTP), SMS (HTTP gateway), WeChat (official-account template messages),
partner callbacks (signed HTTP), inbox, public feed."""

from services.notify.channels.base import Channel, Channels, Outgoing, Unconfigured
from services.notify.channels.callback import CallbackChannel
from services.notify.channels.email import EmailChannel
from services.notify.channels.local import InboxChannel, PublicationChannel
from services.notify.channels.sms import SmsGatewayChannel
from services.notify.channels.wechat import WeChatChannel

__all__ = [
    "CallbackChannel",
    "Channel",
    "Channels",
    "EmailChannel",
    "InboxChannel",
    "Outgoing",
    "PublicationChannel",
    "SmsGatewayChannel",
    "Unconfigured",
    "WeChatChannel",
]
