// One sub-channel of the test device: its zmq socket with the options of PROTOCOL.md 4.3,
// bind/connect of its endpoints (4.5), and send/receive of the messages the test devices exchange
// with the return conventions of 4.6. Single-threaded.
#ifndef INTEROP_TESTDEVICE_CHANNEL_H
#define INTEROP_TESTDEVICE_CHANNEL_H

#include "Config.h"
#include "Options.h"
#include "Transport.h"

#include <zmq.h>

#include <cstdint>
#include <string>
#include <vector>

namespace interop::testdevice
{

inline constexpr std::int64_t kTimeout = -2;  // 4.6: would block / timed out / stopped
inline constexpr std::int64_t kError = -1;    // 4.6: any other failure

class Channel
{
  public:
    // Creates the socket; identity "<device id>.<channel>[<index>].<type>" (4.4).
    Channel(const SubChannelSpec& spec, Transport& transport, const std::string& deviceId);
    ~Channel();  // close()
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    // True if any endpoint binds (by "@" prefix or method "bind").
    bool binds() const;
    // Binds or connects every endpoint; throws std::runtime_error naming the endpoint.
    void attach();
    void close();

    // Sends one empty message (3.3): a zero-length frame, or on shmem with EmptyForm::Header a
    // MetaHeader {0, 0, handle} of a new zero-size chunk. Blocks (across the 700 ms socket timeouts)
    // until sent or a stop signal. Returns the payload size (0) or -2/-1.
    std::int64_t sendEmpty(EmptyForm form);
    // As sendEmpty, giving up with -2 after `timeoutMs`.
    std::int64_t sendEmpty(EmptyForm form, int timeoutMs);
    // Receives one message and releases it (frees a received main-segment chunk, 3.4). Accepts
    // both forms of an empty message (11.13). Returns the payload size or -2/-1.
    std::int64_t receive();
    std::int64_t receive(int timeoutMs);

    const SubChannelSpec& spec() const { return spec_; }
    const std::string& id() const { return id_; }
    TransportKind transport() const { return transport_.kind(); }
    void* socket() const { return socket_; }
    // ZMQ_POLLIN and/or ZMQ_POLLOUT, by socket type (4.2).
    short pollEvents() const;

  private:
    struct Endpoint
    {
        bool bind;
        std::string address;
    };
    std::vector<Endpoint> endpoints() const;
    void setOption(int option, const void* value, std::size_t size, const char* what);
    std::int64_t sendOnce(EmptyForm form, int flags);
    std::int64_t receiveOnce(int flags);
    std::int64_t decode(zmq_msg_t& frame);
    bool waitFor(short event, int timeoutMs);

    SubChannelSpec spec_;
    Transport& transport_;
    std::string id_;
    int type_;
    void* socket_ = nullptr;
};

class Poller
{
  public:
    // Polls the channels for the events of their types (4.8); all must use one transport.
    explicit Poller(const std::vector<Channel*>& channels);

    int poll(int timeoutMs);
    bool checkInput(std::size_t index) const { return (items_.at(index).revents & ZMQ_POLLIN) != 0; }
    // By (channel name, sub-channel index); throws std::out_of_range for an unknown one.
    bool checkInput(const std::string& channel, int index) const;

  private:
    std::vector<Channel*> channels_;
    std::vector<zmq_pollitem_t> items_;
};

// "pair" -> ZMQ_PAIR, ... (4.2); throws std::invalid_argument "Invalid channel type".
int socketType(const std::string& type);

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_CHANNEL_H
