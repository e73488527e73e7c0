#include "Zmq.h"

#include "interop/Protocol.h"

#include <cerrno>
#include <iostream>

namespace interop::device
{

std::runtime_error zmqError(const std::string& what)
{
    return std::runtime_error(what + ": " + zmq_strerror(zmq_errno()));
}

ZmqContext::ZmqContext() : context_(zmq_ctx_new())
{
    if (context_ == nullptr) {
        throw zmqError("zmq_ctx_new");
    }
    if (zmq_ctx_set(context_, ZMQ_IO_THREADS, kIoThreads) != 0
        || zmq_ctx_set(context_, ZMQ_MAX_SOCKETS, kMaxSockets) != 0) {
        // PROTOCOL.md 2.1 step 4: logged, not fatal.
        std::cerr << "zeromq: failed configuring context: " << zmq_strerror(zmq_errno()) << std::endl;
    }
}

ZmqContext::~ZmqContext() { terminate(); }

void ZmqContext::terminate()
{
    if (context_ == nullptr) {
        return;
    }
    while (zmq_ctx_term(context_) != 0) {
        if (zmq_errno() != EINTR) {
            std::cerr << "zeromq: failed terminating context: " << zmq_strerror(zmq_errno()) << std::endl;
            break;
        }
    }
    context_ = nullptr;
}

ZmqMessage::ZmqMessage() { zmq_msg_init(&msg_); }

ZmqMessage::ZmqMessage(std::size_t size)
{
    if (zmq_msg_init_size(&msg_, size) != 0) {
        throw zmqError("zmq_msg_init_size " + std::to_string(size));
    }
}

ZmqMessage::~ZmqMessage() { zmq_msg_close(&msg_); }

ZmqMessage::ZmqMessage(ZmqMessage&& other) noexcept
{
    zmq_msg_init(&msg_);
    zmq_msg_move(&msg_, &other.msg_);
}

ZmqSocket::ZmqSocket(const ZmqContext& context, int type, const std::string& identity, int lingerMs, int hwm)
    : socket_(zmq_socket(context.get(), type))
{
    if (socket_ == nullptr) {
        throw zmqError("zmq_socket");
    }
    const int timeout = kSocketTimeoutMs;
    setOption(ZMQ_IDENTITY, identity.data(), identity.size(), "identity");
    setOption(ZMQ_LINGER, &lingerMs, sizeof lingerMs, "linger");
    setOption(ZMQ_SNDTIMEO, &timeout, sizeof timeout, "send timeout");
    setOption(ZMQ_RCVTIMEO, &timeout, sizeof timeout, "receive timeout");
    setOption(ZMQ_SNDHWM, &hwm, sizeof hwm, "send high-water mark");
    setOption(ZMQ_RCVHWM, &hwm, sizeof hwm, "receive high-water mark");
}

ZmqSocket::~ZmqSocket() { zmq_close(socket_); }

void ZmqSocket::setOption(int option, const void* value, std::size_t size, const char* name)
{
    if (zmq_setsockopt(socket_, option, value, size) != 0) {
        // PROTOCOL.md 4.3: errors while setting options are logged and ignored.
        std::cerr << "zeromq: failed setting " << name << " socket option: " << zmq_strerror(zmq_errno()) << std::endl;
    }
}

void ZmqSocket::bind(const std::string& endpoint)
{
    if (zmq_bind(socket_, endpoint.c_str()) != 0) {
        throw zmqError("bind " + endpoint);
    }
}

void ZmqSocket::connect(const std::string& endpoint)
{
    if (zmq_connect(socket_, endpoint.c_str()) != 0) {
        throw zmqError("connect " + endpoint);
    }
}

void ZmqSocket::send(ZmqMessage& frame, bool more, const Patience& patience)
{
    while (zmq_msg_send(frame.raw(), socket_, more ? ZMQ_SNDMORE : 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            throw zmqError("send");
        }
        patience.check("send");
    }
}

void ZmqSocket::receive(ZmqMessage& frame, const Patience& patience)
{
    while (zmq_msg_recv(frame.raw(), socket_, 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            throw zmqError("receive");
        }
        patience.check("receive");
    }
}

} // namespace interop::device
