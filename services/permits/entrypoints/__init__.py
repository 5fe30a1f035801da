"""Adapters that translate and delegate: nameko RPC and events, the gRPC server."""
