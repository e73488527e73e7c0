// alloc-write, read-verify, free, handle-of-counter: payload chunks in a segment (PROTOCOL.md 1.3, 3.2).
#include "Dispatcher.h"
#include "Verify.h"

#include "interop/Chunks.h"
#include "interop/Numbers.h"
#include "interop/Pattern.h"
#include "interop/ShmemTypes.h"

#include <cstdint>
#include <new>
#include <stdexcept>

namespace interop::peer
{

namespace bipc = boost::interprocess;

void addChunkCommands(Dispatcher& d)
{
    d.add("alloc-write", {"<segment> <size> <seed>", 3, 3, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        const auto size = parseU64(a[1], "size");
        const auto seed = parseU64(a[2], "seed");
        void* chunk = segment.allocate(size, std::nothrow);
        if (chunk == nullptr) {
            throw std::runtime_error("cannot allocate " + a[1] + " bytes (free "
                                     + std::to_string(segment.get_free_memory()) + ")");
        }
        fillPattern(static_cast<std::uint8_t*>(chunk), size, seed);
        return reply(segment.get_handle_from_address(chunk));
    }});
    d.add("read-verify", {"<segment> <handle> <size> <seed>", 4, 4, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        const auto handle = parseI64(a[1], "handle");
        const auto size = parseU64(a[2], "size");
        const auto seed = parseU64(a[3], "seed");
        checkBounds(handle, size, segment.get_size());
        const auto* data = static_cast<const std::uint8_t*>(segment.get_address_from_handle(handle));
        verifyPattern("read-verify " + a[0] + " handle " + a[1], data, size, seed);
        return std::string();
    }});
    d.add("free", {"<segment> <handle>", 2, 2, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        const auto handle = parseI64(a[1], "handle");
        checkBounds(handle, 0, segment.get_size());
        checkChunkHandle(handle);
        segment.deallocate(segment.get_address_from_handle(handle));
        return std::string();
    }});
    d.add("handle-of-counter", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        auto* counter = segment.find<fair::mq::shmem::DeviceCounter>(bipc::unique_instance).first;
        if (counter == nullptr) {
            throw std::runtime_error("no DeviceCounter in segment");
        }
        return reply(segment.get_handle_from_address(counter));
    }});
}

} // namespace interop::peer
