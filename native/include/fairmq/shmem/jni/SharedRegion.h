// An unmanaged region: bipc::shared_memory_object + bipc::mapped_region of exactly the requested
// size, no header (PROTOCOL.md 1.1, 3.10). Handles into it are plain offsets from its start.
#ifndef FAIRMQ_SHMEM_JNI_SHAREDREGION_H
#define FAIRMQ_SHMEM_JNI_SHAREDREGION_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>
#include <fairmq/shmem/jni/VacatedRange.h>

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>

#include <cstdint>
#include <string>

namespace fair::mq::shmem::jni
{

namespace bipc = boost::interprocess;

class SharedRegion
{
  public:
    /// create_only (then truncate to `size`) or open_only (`size` ignored, the whole object is
    /// mapped); open_or_create is refused, the reference never uses it for regions.
    SharedRegion(int mode, const std::string& name, std::size_t size)
        : fName(name)
        , fObject(Open(ToOpenMode(mode, name), name, size))
        , fMapping(Map(fObject, name))
    {}

    SharedRegion(const SharedRegion&) = delete;
    SharedRegion& operator=(const SharedRegion&) = delete;

    std::intptr_t Address() const { return reinterpret_cast<std::intptr_t>(fMapping.get_address()); }
    std::size_t Size() const { return fMapping.get_size(); }

    /// Replaces this process's mapping of the region by the placeholder of VacatedRange.h; the
    /// region itself is untouched. Afterwards only the destructor may be called. 0 or errno.
    int Vacate() noexcept { return VacateRange(Address(), Size()); }

    static bool Remove(const std::string& name) { return bipc::shared_memory_object::remove(name.c_str()); }

  private:
    static bipc::shared_memory_object Open(OpenMode mode, const std::string& name, std::size_t size)
    {
        try {
            switch (mode) {
                case OpenMode::CreateOnly: {
                    bipc::shared_memory_object object(bipc::create_only, name.c_str(), bipc::read_write);
                    try {
                        object.truncate(static_cast<bipc::offset_t>(size));
                    } catch (...) {
                        bipc::shared_memory_object::remove(name.c_str());
                        throw;
                    }
                    return object;
                }
                case OpenMode::OpenOnly: return bipc::shared_memory_object(bipc::open_only, name.c_str(), bipc::read_write);
                case OpenMode::OpenOrCreate: break;
            }
            throw Error(ErrorKind::Other, "region open_or_create", name, "regions are opened create_only or open_only");
        } catch (...) {
            RethrowAs(std::string("region ") + ToString(mode), name);
        }
    }

    static bipc::mapped_region Map(const bipc::shared_memory_object& object, const std::string& name)
    {
        try {
            return bipc::mapped_region(object, bipc::read_write);
        } catch (...) {
            RethrowAs("region map", name);
        }
    }

    std::string fName;
    bipc::shared_memory_object fObject;
    bipc::mapped_region fMapping;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_SHAREDREGION_H
