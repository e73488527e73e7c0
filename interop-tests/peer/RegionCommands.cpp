// region-*: raw shared-memory regions (PROTOCOL.md 1.1, 3.10).
#include "Dispatcher.h"
#include "Verify.h"

#include "interop/Chunks.h"
#include "interop/Numbers.h"
#include "interop/Pattern.h"

#include <cstdint>
#include <memory>

namespace interop::peer
{

namespace bipc = boost::interprocess;

namespace
{

// The bytes [offset, offset + size) of a mapped region, bounds-checked.
std::uint8_t* regionBytes(Region& region, const std::string& offsetWord, const std::string& sizeWord, std::uint64_t& size)
{
    const auto offset = parseI64(offsetWord, "offset");
    size = parseU64(sizeWord, "size");
    checkBounds(offset, size, region.mapping.get_size());
    return static_cast<std::uint8_t*>(region.mapping.get_address()) + offset;
}

} // namespace

void addRegionCommands(Dispatcher& d)
{
    d.add("region-create", {"<name> <size>", 2, 2, [](Registry& r, const Args& a) {
        const auto size = parseU64(a[1], "size");
        bipc::shared_memory_object object(bipc::create_only, a[0].c_str(), bipc::read_write);
        try {
            object.truncate(static_cast<bipc::offset_t>(size));
            bipc::mapped_region mapping(object, bipc::read_write);
            r.regions.put(a[0], std::make_unique<Region>(Region{std::move(object), std::move(mapping)}));
        } catch (...) {
            bipc::shared_memory_object::remove(a[0].c_str()); // we created it: do not leave it half made
            throw;
        }
        return std::string();
    }});
    d.add("region-open", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        bipc::shared_memory_object object(bipc::open_only, a[0].c_str(), bipc::read_write);
        bipc::mapped_region mapping(object, bipc::read_write);
        const auto size = mapping.get_size();
        r.regions.put(a[0], std::make_unique<Region>(Region{std::move(object), std::move(mapping)}));
        return reply(size);
    }});
    d.add("region-write", {"<name> <offset> <size> <seed>", 4, 4, [](Registry& r, const Args& a) {
        std::uint64_t size = 0;
        std::uint8_t* data = regionBytes(r.regions.get(a[0]), a[1], a[2], size);
        fillPattern(data, size, parseU64(a[3], "seed"));
        return std::string();
    }});
    d.add("region-verify", {"<name> <offset> <size> <seed>", 4, 4, [](Registry& r, const Args& a) {
        std::uint64_t size = 0;
        const std::uint8_t* data = regionBytes(r.regions.get(a[0]), a[1], a[2], size);
        verifyPattern("region-verify " + a[0] + " offset " + a[1], data, size, parseU64(a[3], "seed"));
        return std::string();
    }});
    d.add("region-close", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.regions.close(a[0]);
        return std::string();
    }});
    d.add("region-remove", {"<name>", 1, 1, [](Registry&, const Args& a) {
        return reply(bipc::shared_memory_object::remove(a[0].c_str()) ? 1 : 0);
    }});
}

} // namespace interop::peer
