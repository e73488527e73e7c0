// Unmanaged shared-memory regions (PROTOCOL.md 3.10): the sender's own region and the receiver's
// mappings of other processes' regions.
#ifndef INTEROP_DEVICE_REGIONS_H
#define INTEROP_DEVICE_REGIONS_H

#include "interop/Protocol.h"

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace interop::device
{

namespace bipc = boost::interprocess;

// A region this process created: id from the RegionCounter, create_only + truncate + map.
// Like the reference's region object, the destructor removes the name (mappings stay valid).
class SenderRegion
{
  public:
    SenderRegion(bipc::managed_shared_memory& management, const ShmNames& names, std::uint64_t size);
    ~SenderRegion();
    SenderRegion(const SenderRegion&) = delete;
    SenderRegion& operator=(const SenderRegion&) = delete;

    std::uint64_t id() const { return id_; }
    std::uint8_t* data() { return static_cast<std::uint8_t*>(mapping_.get_address()); }
    std::uint64_t size() const { return mapping_.get_size(); }

  private:
    std::uint64_t id_;
    std::string name_;
    bipc::mapped_region mapping_;
};

// Mappings of regions named in received MetaHeaders, each opened once and kept until exit.
class RegionCache
{
  public:
    explicit RegionCache(const ShmNames& names) : names_(names) {}

    // The mapping of region `id`; throws (naming the region) if it cannot be opened.
    const bipc::mapped_region& get(std::uint64_t id);

  private:
    const ShmNames& names_;
    std::map<std::uint64_t, bipc::mapped_region> mappings_;
};

} // namespace interop::device

#endif // INTEROP_DEVICE_REGIONS_H
