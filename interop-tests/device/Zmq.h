// RAII over the libzmq C API: context, message, socket (PROTOCOL.md 4.1, 4.3).
#ifndef INTEROP_DEVICE_ZMQ_H
#define INTEROP_DEVICE_ZMQ_H

#include "Stop.h"

#include "interop/Protocol.h"

#include <zmq.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace interop::device
{

// "<what>: <zmq_strerror(errno)>"
std::runtime_error zmqError(const std::string& what);

class ZmqContext
{
  public:
    ZmqContext();      // ZMQ_IO_THREADS 1, ZMQ_MAX_SOCKETS 10000
    ~ZmqContext();     // terminate()
    ZmqContext(const ZmqContext&) = delete;
    ZmqContext& operator=(const ZmqContext&) = delete;

    void* get() const { return context_; }
    // zmq_ctx_term, retried on EINTR; all sockets must be closed. Idempotent.
    void terminate();

  private:
    void* context_;
};

class ZmqMessage
{
  public:
    ZmqMessage();                              // zero-length
    explicit ZmqMessage(std::size_t size);     // uninitialised bytes
    ~ZmqMessage();
    ZmqMessage(ZmqMessage&& other) noexcept;   // zmq_msg_move: data() of small messages moves too
    ZmqMessage& operator=(ZmqMessage&&) = delete;
    ZmqMessage(const ZmqMessage&) = delete;
    ZmqMessage& operator=(const ZmqMessage&) = delete;

    std::uint8_t* data() { return static_cast<std::uint8_t*>(zmq_msg_data(&msg_)); }
    std::size_t size() const { return zmq_msg_size(&msg_); }
    bool more() const { return zmq_msg_more(&msg_) != 0; }
    zmq_msg_t* raw() { return &msg_; }

  private:
    mutable zmq_msg_t msg_;
};

class ZmqSocket
{
  public:
    // Creates the socket and sets the options of PROTOCOL.md 4.3 in order.
    ZmqSocket(const ZmqContext& context, int type, const std::string& identity, int lingerMs, int hwm = kDefaultHwm);
    ~ZmqSocket();
    ZmqSocket(const ZmqSocket&) = delete;
    ZmqSocket& operator=(const ZmqSocket&) = delete;

    void bind(const std::string& endpoint);
    void connect(const std::string& endpoint);

    // Blocking send (retries across the 700 ms timeouts); the frame is empty afterwards.
    void send(ZmqMessage& frame, bool more, const Patience& patience);
    // Blocking receive of one frame.
    void receive(ZmqMessage& frame, const Patience& patience);

  private:
    void setOption(int option, const void* value, std::size_t size, const char* name);
    void* socket_;
};

} // namespace interop::device

#endif // INTEROP_DEVICE_ZMQ_H
