// Command go_server is a peer for the ingest benchmark: chaukas.spec.server.v1.ChaukasServerService
// in Go, counting only.
//
// IngestEvent counts one event and IngestEventBatch the batch's events; nothing is validated or
// stored, so the figures are what gRPC and protobuf parsing alone cost in Go. It builds offline
// against Debian's packages (golang-go, golang-google-grpc-dev, golang-google-protobuf-dev) in
// GOPATH mode, with the code Debian's protoc, protoc-gen-go and protoc-gen-go-grpc generated from
// proto/; benchmarks/ingest/run.sh does both. Prints "READY go pid=... port=..." once it serves,
// and the count on SIGTERM or SIGINT.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	serverv1 "github.com/chaukasai/chaukas-spec/chaukas/spec/server/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const maxMessageBytes = 64 << 20

type countingServer struct {
	serverv1.UnimplementedChaukasServerServiceServer
	events int64
}

func (s *countingServer) Healthz(context.Context, *serverv1.HealthzRequest) (*serverv1.HealthzResponse, error) {
	return &serverv1.HealthzResponse{}, nil
}

func (s *countingServer) GetCapabilities(context.Context, *serverv1.GetCapabilitiesRequest) (*serverv1.GetCapabilitiesResponse, error) {
	return &serverv1.GetCapabilitiesResponse{}, nil
}

func (s *countingServer) IngestEvent(_ context.Context, req *serverv1.IngestEventRequest) (*serverv1.IngestEventResponse, error) {
	if req.GetEvent() == nil {
		return nil, status.Error(codes.InvalidArgument, "event is required")
	}
	atomic.AddInt64(&s.events, 1)
	return &serverv1.IngestEventResponse{
		EventId:     req.GetEvent().GetEventId(),
		Status:      "accepted",
		ProcessedAt: time.Now().UnixNano() / int64(time.Millisecond),
	}, nil
}

func (s *countingServer) IngestEventBatch(_ context.Context, req *serverv1.IngestEventBatchRequest) (*serverv1.IngestEventBatchResponse, error) {
	batch := req.GetEventBatch()
	if batch == nil {
		return nil, status.Error(codes.InvalidArgument, "event_batch is required")
	}
	n := len(batch.GetEvents())
	atomic.AddInt64(&s.events, int64(n))
	return &serverv1.IngestEventBatchResponse{BatchId: batch.GetBatchId(), AcceptedCount: int32(n)}, nil
}

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1; 0 picks a free one")
	flag.Parse()

	lis, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintf(os.Stderr, "go_server: %v\n", err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageBytes), grpc.MaxSendMsgSize(maxMessageBytes))
	counter := &countingServer{}
	serverv1.RegisterChaukasServerServiceServer(server, counter)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		server.GracefulStop()
	}()

	fmt.Printf("READY go pid=%d port=%d\n", os.Getpid(), lis.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(lis); err != nil {
		fmt.Fprintf(os.Stderr, "go_server: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "go_server: counted %d events\n", atomic.LoadInt64(&counter.events))
}
