// segment-*: managed_shared_memory objects (PROTOCOL.md 1.1).
#include "Dispatcher.h"

#include "interop/Numbers.h"

#include <boost/interprocess/shared_memory_object.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using Segment = bipc::managed_shared_memory;

namespace
{

// Boost reports a segment too small for its own header only as "library_error": say so.
template <typename Mode>
std::unique_ptr<Segment> makeSegment(Mode mode, const std::string& name, std::uint64_t size)
{
    try {
        return std::make_unique<Segment>(mode, name.c_str(), size);
    } catch (const bipc::interprocess_exception& e) {
        if (size < 2 * Segment::segment_manager::get_min_size()) {
            throw std::runtime_error(std::string(e.what()) + " (size " + std::to_string(size)
                                     + " may be too small for a managed segment)");
        }
        throw;
    }
}

} // namespace

void addSegmentCommands(Dispatcher& d)
{
    d.add("segment-create", {"<name> <size>", 2, 2, [](Registry& r, const Args& a) {
        const auto size = parseU64(a[1], "size");
        auto segment = makeSegment(bipc::create_only, a[0], size);
        return reply(r.segments.put(a[0], std::move(segment)).get_free_memory());
    }});
    d.add("segment-open-or-create", {"<name> <size>", 2, 2, [](Registry& r, const Args& a) {
        const auto size = parseU64(a[1], "size");
        auto segment = makeSegment(bipc::open_or_create, a[0], size);
        return reply(r.segments.put(a[0], std::move(segment)).get_free_memory());
    }});
    d.add("segment-open", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        auto segment = std::make_unique<Segment>(bipc::open_only, a[0].c_str());
        const Segment& s = r.segments.put(a[0], std::move(segment));
        return reply(s.get_size(), s.get_free_memory());
    }});
    d.add("segment-close", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.segments.close(a[0]);
        return std::string();
    }});
    d.add("segment-remove", {"<name>", 1, 1, [](Registry&, const Args& a) {
        return reply(bipc::shared_memory_object::remove(a[0].c_str()) ? 1 : 0);
    }});
    d.add("segment-free", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        return reply(r.segments.get(a[0]).get_free_memory());
    }});
    d.add("segment-sanity", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        return reply(r.segments.get(a[0]).check_sanity() ? 1 : 0);
    }});
}

} // namespace interop::peer
