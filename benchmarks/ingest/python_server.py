#!/usr/bin/python3
"""Peer for the ingest benchmark: chaukas.spec.server.v1.ChaukasServerService in Python, counting only.

IngestEvent counts one event and IngestEventBatch the batch's events; nothing is validated or
stored, so the figures are what gRPC and protobuf parsing alone cost in Python. It runs on Debian's
python3-grpcio and python3-protobuf (run it with /usr/bin/python3) and imports code that Debian's
protoc and grpc_python_plugin generated from proto/ into --gen-dir; benchmarks/ingest/run.sh does
both. Prints "READY python pid=... port=..." once it serves, and the count on SIGTERM or SIGINT.

    protoc -I proto -I /usr/include --python_out=DIR --grpc_python_out=DIR \\
        --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \\
        proto/chaukas/spec/common/v1/*.proto proto/chaukas/spec/server/v1/server.proto
    /usr/bin/python3 benchmarks/ingest/python_server.py --gen-dir DIR --port 50051
"""

import argparse
import os
import signal
import sys
import threading
import time
from concurrent import futures

# Eight handler threads: enough to keep a 16-deep unary load queued inside the process, and more do
# not help CPU-bound handlers that hold the GIL.
DEFAULT_WORKERS = 8
MAX_MESSAGE_BYTES = 64 << 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--gen-dir", required=True, help="directory holding the generated *_pb2*.py")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="handler threads")
    args = parser.parse_args()

    sys.path.insert(0, args.gen_dir)
    try:
        import grpc
        from chaukas.spec.server.v1 import server_pb2, server_pb2_grpc
    except ImportError as e:
        sys.exit(f"python_server: {e}; install python3-grpcio and python3-protobuf (Debian) and "
                 f"generate the code into {args.gen_dir} as the docstring of this file shows")

    class CountingServer(server_pb2_grpc.ChaukasServerServiceServicer):
        def __init__(self):
            self._lock = threading.Lock()
            self.events = 0

        def _count(self, n):
            with self._lock:
                self.events += n

        def Healthz(self, request, context):
            return server_pb2.HealthzResponse()

        def GetCapabilities(self, request, context):
            return server_pb2.GetCapabilitiesResponse()

        def IngestEvent(self, request, context):
            if not request.HasField("event"):
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "event is required")
            self._count(1)
            return server_pb2.IngestEventResponse(
                event_id=request.event.event_id,
                status="accepted",
                processed_at=time.time_ns() // 1_000_000,
            )

        def IngestEventBatch(self, request, context):
            if not request.HasField("event_batch"):
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "event_batch is required")
            n = len(request.event_batch.events)
            self._count(n)
            return server_pb2.IngestEventBatchResponse(
                batch_id=request.event_batch.batch_id, accepted_count=n, rejected_count=0)

    servicer = CountingServer()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=args.workers),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    server_pb2_grpc.add_ChaukasServerServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    if port == 0:
        sys.exit(f"python_server: cannot listen on 127.0.0.1:{args.port}")
    server.start()
    print(f"READY python pid={os.getpid()} port={port} workers={args.workers}", flush=True)

    stopped = threading.Event()

    def stop(signum, frame):
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopped.wait(1):
        pass
    server.stop(grace=1).wait()
    print(f"python_server: counted {servicer.events} events", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
