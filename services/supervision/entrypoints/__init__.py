"""Adapters that translate and delegate: nameko RPC and event handlers."""
