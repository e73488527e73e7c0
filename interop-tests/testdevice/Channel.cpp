#include "Channel.h"

#include "Log.h"

#include "../device/Stop.h"
#include "interop/Chunks.h"
#include "interop/MetaFrame.h"
#include "interop/Protocol.h"

#include <cerrno>
#include <new>
#include <stdexcept>
#include <thread>

namespace interop::testdevice
{

int socketType(const std::string& type)
{
    static const std::pair<const char*, int> kTypes[] = {
        {"pair", ZMQ_PAIR}, {"pub", ZMQ_PUB},       {"sub", ZMQ_SUB},       {"req", ZMQ_REQ},
        {"rep", ZMQ_REP},   {"dealer", ZMQ_DEALER}, {"router", ZMQ_ROUTER}, {"pull", ZMQ_PULL},
        {"push", ZMQ_PUSH}, {"xpub", ZMQ_XPUB},     {"xsub", ZMQ_XSUB}};
    for (const auto& [name, value] : kTypes) {
        if (type == name) {
            return value;
        }
    }
    throw std::invalid_argument("Invalid channel type: \"" + type + "\"");
}

Channel::Channel(const SubChannelSpec& spec, Transport& transport, const std::string& deviceId)
    : spec_(spec), transport_(transport), id_(deviceId + "." + spec.name() + "." + spec.type),
      type_(socketType(spec.type))
{
    if (transport_.kind() == TransportKind::Shmem && (type_ == ZMQ_PUB || type_ == ZMQ_SUB || type_ == ZMQ_XPUB
                                                      || type_ == ZMQ_XSUB)) {
        // 11.10: fan-out would hand one chunk to several receivers, each of which frees it.
        throw std::invalid_argument("channel " + spec.name() + ": socket type " + spec.type
                                    + " cannot be used with the shmem transport (PROTOCOL.md 11.10)");
    }
    socket_ = zmq_socket(transport_.context(), type_);
    if (socket_ == nullptr) {
        throw std::runtime_error("failed creating socket " + id_ + ", reason: " + zmq_strerror(zmq_errno()));
    }
    const int linger = kDefaultLingerMs;
    const int timeout = kSocketTimeoutMs;
    setOption(ZMQ_IDENTITY, id_.data(), id_.size(), "identity");  // 4.3 steps 1-5
    setOption(ZMQ_LINGER, &linger, sizeof linger, "linger");
    setOption(ZMQ_SNDTIMEO, &timeout, sizeof timeout, "send timeout");
    setOption(ZMQ_RCVTIMEO, &timeout, sizeof timeout, "receive timeout");
    if (type_ == ZMQ_SUB) {
        setOption(ZMQ_SUBSCRIBE, nullptr, 0, "subscribe");
    }
}

Channel::~Channel() { close(); }

void Channel::close()
{
    if (socket_ != nullptr) {
        zmq_close(socket_);
        socket_ = nullptr;
    }
}

void Channel::setOption(int option, const void* value, std::size_t size, const char* what)
{
    if (zmq_setsockopt(socket_, option, value, size) != 0) {
        logError(std::string("Failed setting ") + what + " socket option, reason: " + zmq_strerror(zmq_errno()));
    }
}

std::vector<Channel::Endpoint> Channel::endpoints() const
{
    std::vector<Endpoint> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = spec_.address.find(',', start);
        std::string part = spec_.address.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty() && (part[0] == '@' || part[0] == '+' || part[0] == '>')) {
            out.push_back({part[0] == '@', part.substr(1)});
        } else if (spec_.method == "bind" || spec_.method == "connect") {
            out.push_back({spec_.method == "bind", part});
        } else {
            throw std::invalid_argument("Cannot update configuration. Socket method (bind/connect) not specified. ("
                                        + spec_.name() + ")");
        }
        if (comma == std::string::npos) {
            return out;
        }
        start = comma + 1;
    }
}

bool Channel::binds() const
{
    for (const Endpoint& e : endpoints()) {
        if (e.bind) {
            return true;
        }
    }
    return false;
}

void Channel::attach()
{
    const int sndHwm = spec_.sndBufSize;  // 4.3 steps 6-9
    const int rcvHwm = spec_.rcvBufSize;
    setOption(ZMQ_SNDHWM, &sndHwm, sizeof sndHwm, "send high-water mark");
    setOption(ZMQ_RCVHWM, &rcvHwm, sizeof rcvHwm, "receive high-water mark");
    if (spec_.sndKernelSize != 0) {
        setOption(ZMQ_SNDBUF, &spec_.sndKernelSize, sizeof spec_.sndKernelSize, "send kernel buffer size");
    }
    if (spec_.rcvKernelSize != 0) {
        setOption(ZMQ_RCVBUF, &spec_.rcvKernelSize, sizeof spec_.rcvKernelSize, "receive kernel buffer size");
    }
    for (const Endpoint& e : endpoints()) {
        if (e.bind) {
            // No random-port fallback (4.5): the peers of a test know only the configured port.
            if (zmq_bind(socket_, e.address.c_str()) != 0) {
                throw std::runtime_error("Failed binding socket " + id_ + ", address: " + e.address
                                         + ", reason: " + zmq_strerror(zmq_errno()));
            }
            logDebug("Bound " + id_ + " to " + e.address);
        } else {
            if (zmq_connect(socket_, e.address.c_str()) != 0) {
                throw std::runtime_error("Failed connecting socket " + id_ + ", reason: " + zmq_strerror(zmq_errno()));
            }
            logDebug("Connected " + id_ + " to " + e.address);
        }
    }
}

short Channel::pollEvents() const
{
    switch (type_) {
        case ZMQ_PUB: case ZMQ_PUSH: case ZMQ_XPUB: return ZMQ_POLLOUT;
        case ZMQ_SUB: case ZMQ_PULL: case ZMQ_XSUB: return ZMQ_POLLIN;
        default: return ZMQ_POLLIN | ZMQ_POLLOUT;
    }
}

std::int64_t Channel::sendEmpty(EmptyForm form) { return sendOnce(form, 0); }

std::int64_t Channel::sendEmpty(EmptyForm form, int timeoutMs)
{
    return waitFor(ZMQ_POLLOUT, timeoutMs) ? sendOnce(form, ZMQ_DONTWAIT) : kTimeout;
}

std::int64_t Channel::receive() { return receiveOnce(0); }

std::int64_t Channel::receive(int timeoutMs)
{
    return waitFor(ZMQ_POLLIN, timeoutMs) ? receiveOnce(ZMQ_DONTWAIT) : kTimeout;
}

bool Channel::waitFor(short event, int timeoutMs)
{
    zmq_pollitem_t item{socket_, 0, event, 0};
    return zmq_poll(&item, 1, timeoutMs) > 0 && (item.revents & event) != 0;
}

std::int64_t Channel::sendOnce(EmptyForm form, int flags)
{
    zmq_msg_t frame;
    void* chunk = nullptr;
    bipc::managed_shared_memory* main = transport_.mainSegment();
    if (main != nullptr && form == EmptyForm::Header) {
        // 3.3: CreateMessage(0) allocates a minimal chunk; a full segment is waited out (3.9).
        while ((chunk = main->allocate(0, std::nothrow)) == nullptr) {
            if (device::stopRequested()) {
                return kTimeout;
            }
            std::this_thread::sleep_for(kFullSegmentRetry);
        }
        zmq_msg_init_size(&frame, kMetaHeaderSize);
        encodeMetaFrame(MetaFrame{0, 0, main->get_handle_from_address(chunk)},
                        static_cast<std::uint8_t*>(zmq_msg_data(&frame)));
    } else {
        zmq_msg_init(&frame);  // an empty message is a zero-length frame
    }
    for (;;) {
        if (zmq_msg_send(&frame, socket_, flags) >= 0) {
            return 0;  // the chunk now belongs to the receiver (3.4)
        }
        const int err = zmq_errno();
        if ((err == EAGAIN || err == EINTR) && (flags & ZMQ_DONTWAIT) == 0 && !device::stopRequested()) {
            continue;  // the 700 ms socket timeout: keep waiting (4.3)
        }
        zmq_msg_close(&frame);
        if (chunk != nullptr) {
            main->deallocate(chunk);
        }
        if (err == EAGAIN || err == EINTR) {
            return kTimeout;
        }
        if (err == ETERM) {
            logInfo("terminating socket " + id_);
        } else {
            logError("Failed sending on socket " + id_ + ", reason: " + zmq_strerror(err));
        }
        return kError;
    }
}

std::int64_t Channel::receiveOnce(int flags)
{
    zmq_msg_t frame;
    zmq_msg_init(&frame);
    for (;;) {
        if (zmq_msg_recv(&frame, socket_, flags) >= 0) {
            const std::int64_t size = decode(frame);
            zmq_msg_close(&frame);
            return size;
        }
        const int err = zmq_errno();
        if ((err == EAGAIN || err == EINTR) && (flags & ZMQ_DONTWAIT) == 0 && !device::stopRequested()) {
            continue;
        }
        zmq_msg_close(&frame);
        if (err == EAGAIN || err == EINTR) {
            return kTimeout;
        }
        if (err == ETERM) {
            logInfo("terminating socket " + id_);
        } else {
            logError("Failed receiving on socket " + id_ + ", reason: " + zmq_strerror(err));
        }
        return kError;
    }
}

std::int64_t Channel::decode(zmq_msg_t& frame)
{
    const std::size_t length = zmq_msg_size(&frame);
    bipc::managed_shared_memory* main = transport_.mainSegment();
    if (main == nullptr) {
        return static_cast<std::int64_t>(length);  // zeromq: the frame is the payload (7)
    }
    if (length == 0) {
        logDebug(id_ + ": received an empty message (zero-length frame)");
        return 0;
    }
    if (length != kMetaHeaderSize) {
        logError(id_ + ": malformed shmem frame of " + std::to_string(length) + " bytes (expected 0 or 32); dropped");
        return kError;
    }
    const MetaFrame meta = decodeMetaFrame(static_cast<const std::uint8_t*>(zmq_msg_data(&frame)));
    const std::string what = "MetaHeader {size " + std::to_string(meta.size) + ", region "
                             + std::to_string(meta.regionId) + ", handle " + std::to_string(meta.handle) + "}";
    if (!meta.paddingIsZero) {
        logError(id_ + ": " + what + " with non-zero padding; dropped");
        return kError;
    }
    if (meta.regionId != 0) {
        logDebug(id_ + ": received a region message " + what + " (not freed, 3.4)");
        return static_cast<std::int64_t>(meta.size);
    }
    try {
        checkBounds(meta.handle, meta.size, main->get_size());
        checkChunkHandle(meta.handle);
    } catch (const std::out_of_range& e) {
        logError(id_ + ": " + what + ": " + e.what() + "; dropped, nothing freed");
        return kError;
    }
    main->deallocate(main->get_address_from_handle(meta.handle));  // the receiver frees (3.4, 11.13)
    logDebug(id_ + ": received " + what + ", chunk freed");
    return static_cast<std::int64_t>(meta.size);
}

Poller::Poller(const std::vector<Channel*>& channels) : channels_(channels)
{
    for (Channel* c : channels_) {
        if (c->transport() != channels_.front()->transport()) {
            throw std::invalid_argument("FairMQDevice::NewPoller() failed: different transports within same poller "
                                        "are not yet supported. Going to ERROR state.");
        }
        items_.push_back(zmq_pollitem_t{c->socket(), 0, c->pollEvents(), 0});
    }
}

int Poller::poll(int timeoutMs)
{
    const int n = zmq_poll(items_.data(), static_cast<int>(items_.size()), timeoutMs);
    if (n < 0 && zmq_errno() != EINTR && zmq_errno() != ETERM) {
        throw std::runtime_error(std::string("zmq_poll failed: ") + zmq_strerror(zmq_errno()));
    }
    return n < 0 ? 0 : n;
}

bool Poller::checkInput(const std::string& channel, int index) const
{
    for (std::size_t i = 0; i < channels_.size(); ++i) {
        if (channels_[i]->spec().channel == channel && channels_[i]->spec().index == index) {
            return checkInput(i);
        }
    }
    throw std::out_of_range("poller has no channel " + channel + "[" + std::to_string(index) + "]");
}

} // namespace interop::testdevice
