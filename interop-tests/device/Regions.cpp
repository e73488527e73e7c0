#include "Regions.h"

#include "interop/Counters.h"

#include <stdexcept>
#include <utility>

namespace interop::device
{

namespace
{

bipc::mapped_region createRegion(const std::string& name, std::uint64_t size)
{
    bipc::shared_memory_object object(bipc::create_only, name.c_str(), bipc::read_write);
    try {
        object.truncate(static_cast<bipc::offset_t>(size));
        return bipc::mapped_region(object, bipc::read_write);
    } catch (...) {
        bipc::shared_memory_object::remove(name.c_str());
        throw;
    }
}

} // namespace

SenderRegion::SenderRegion(bipc::managed_shared_memory& management, const ShmNames& names, std::uint64_t size)
    : id_(nextRegionId(management)), name_(names.region(id_))
{
    try {
        mapping_ = createRegion(name_, size);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot create region " + name_ + ": " + e.what());
    }
}

SenderRegion::~SenderRegion() { bipc::shared_memory_object::remove(name_.c_str()); }

const bipc::mapped_region& RegionCache::get(std::uint64_t id)
{
    const auto it = mappings_.find(id);
    if (it != mappings_.end()) {
        return it->second;
    }
    const std::string name = names_.region(id);
    try {
        bipc::shared_memory_object object(bipc::open_only, name.c_str(), bipc::read_write);
        return mappings_.emplace(id, bipc::mapped_region(object, bipc::read_write)).first->second;
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open region " + name + ": " + e.what());
    }
}

} // namespace interop::device
