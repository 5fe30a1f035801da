"""Notices (通知): every notice the rules require, tracked per recipient and channel."""
