// sampler-fuzz: before each valid message, one random frame (random length 1..32 and fields, handles
// anywhere in and around the main segment, near the chunks sent so far, at Boost's own structures).
// A receiver must drop every random frame and receive every valid message: a random frame it
// accepts is a wrong free. The random frames never name a chunk that this process allocated or may
// allocate next: all valid messages have one size, so their payloads lie on a few residues modulo
// the block size, and those residues are avoided. Deterministic for a --seed.
//
// stdout: "FUZZ frames=<n>" after the last one.
#include "DeviceTransport.h"
#include "Roles.h"

#include "interop/MetaFrame.h"

#include <chrono>
#include <cstring>
#include <iostream>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace interop::device
{

namespace
{

namespace bipc = boost::interprocess;

class FrameFuzzer
{
  public:
    FrameFuzzer(const bipc::managed_shared_memory& main, std::uint64_t seed, std::uint64_t messageSize)
        : random_(seed)
        , segmentSize_(static_cast<std::int64_t>(main.get_size()))
        // rbtree_best_fit: a block of a payload of s bytes is max(3, ceil((s + 8) / 16) + 0) units of 16 bytes
        , blockBytes_(std::max<std::int64_t>(48, static_cast<std::int64_t>((messageSize + 8 + 15) / 16 * 16)))
    {}

    // Remembers the payload handle of a valid message sent (never to be named by a random frame).
    void sent(std::int64_t handle)
    {
        residues_.insert(Mod(handle, blockBytes_));
        if (recent_.size() < 64) {
            recent_.push_back(handle);
        } else {
            recent_[random_() % recent_.size()] = handle;
        }
    }

    std::vector<std::uint8_t> next()
    {
        std::vector<std::uint8_t> bytes(kMetaHeaderSize);
        MetaFrame frame;
        frame.size = randomSize();
        frame.regionId = randomRegion();
        do {
            frame.handle = randomHandle();
        } while (frame.regionId == 0 && mayBeAChunk(frame.handle));
        encodeMetaFrame(frame, bytes.data());
        // mostly full frames; sometimes short ones (never empty: that is a valid empty message)
        if (random_() % 5 == 0) {
            bytes.resize(1 + random_() % (kMetaHeaderSize - 1));
        }
        if (bytes.size() == kMetaHeaderSize && random_() % 8 == 0) {
            bytes[24 + random_() % 8] = static_cast<std::uint8_t>(random_());  // non-zero padding
        }
        return bytes;
    }

  private:
    static std::int64_t Mod(std::int64_t value, std::int64_t modulus)
    {
        const std::int64_t r = value % modulus;
        return r < 0 ? r + modulus : r;
    }

    bool mayBeAChunk(std::int64_t handle) const
    {
        return handle % 16 == 0 && residues_.count(Mod(handle, blockBytes_)) > 0;
    }

    std::uint64_t randomSize()
    {
        switch (random_() % 6) {
            case 0: return 0;
            case 1: return random_() % 64;
            case 2: return random_() % 8192;
            case 3: return random_() % static_cast<std::uint64_t>(segmentSize_);
            case 4: return random_();
            default: return static_cast<std::uint64_t>(blockBytes_) - 8 + random_() % 3 - 1;  // around a block's capacity
        }
    }

    std::uint64_t randomRegion()
    {
        switch (random_() % 20) {
            case 0: return 1 + random_() % 8;  // no such region exists in the fuzz topology
            case 1: return random_();
            default: return 0;
        }
    }

    std::int64_t randomHandle()
    {
        switch (random_() % 8) {
            case 0: {  // Boost's own structures and the edges
                const std::int64_t specials[] = {0, 8, 16, 32, 208, 224, 240, 256, segmentSize_ - 32, segmentSize_ - 16,
                                                 segmentSize_, segmentSize_ + 16, -16, INT64_MIN, INT64_MAX};
                return specials[random_() % (sizeof(specials) / sizeof(specials[0]))];
            }
            case 1: return static_cast<std::int64_t>(random_());
            case 2:
            case 3:
                if (!recent_.empty()) {  // near a chunk sent: inside it, its header, its neighbours
                    const std::int64_t base = recent_[random_() % recent_.size()];
                    const std::int64_t delta = static_cast<std::int64_t>(random_() % 257) - 128;
                    return base + delta * (random_() % 4 == 0 ? 1 : 16);
                }
                [[fallthrough]];
            default: {  // anywhere in and around the segment, mostly aligned
                const std::int64_t h = static_cast<std::int64_t>(random_() % static_cast<std::uint64_t>(segmentSize_ + 65536)) - 32768;
                return random_() % 4 == 0 ? h : h / 16 * 16;
            }
        }
    }

    std::mt19937_64 random_;
    std::int64_t segmentSize_;
    std::int64_t blockBytes_;
    std::set<std::int64_t> residues_;
    std::vector<std::int64_t> recent_;
};

void sendBytes(RoleContext& ctx, const std::vector<std::uint8_t>& bytes)
{
    ZmqMessage frame(bytes.size());
    std::memcpy(frame.data(), bytes.data(), bytes.size());
    ctx.socket.send(frame, false, ctx.patience);
    ctx.patience.progress();
}

} // namespace

void runFuzzSampler(RoleContext& ctx, DeviceTransport& transport)
{
    bipc::managed_shared_memory& main = *transport.mainSegment();
    FrameFuzzer fuzzer(main, ctx.options.seed * 7919 + 1, ctx.options.size);
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        sendBytes(ctx, fuzzer.next());
        const std::int64_t handle = sendMessage(ctx, k, &ctx.summary);  // allocated, filled, sent as by push
        ++ctx.summary.msgs;
        fuzzer.sent(handle);
    }
    std::cout << "FUZZ frames=" << ctx.options.numMsgs << std::endl;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ctx.options.holdMs);
    while (!stopRequested() && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

} // namespace interop::device
