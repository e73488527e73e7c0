// Every shared-memory object name of a topology, built from one prefix (PROTOCOL.md 1.1).
//
// The 2017 reference hard-codes the prefix "fairmq_shmem_"; a different prefix renames every object
// at once so that topologies and tests can run side by side (our extension).
#ifndef FAIRMQ_SHMEM_NAMES_H
#define FAIRMQ_SHMEM_NAMES_H

#include <cstdint>
#include <string>

namespace fair::mq::shmem
{

inline constexpr const char* kDefaultPrefix = "fairmq_shmem_";

class Names
{
  public:
    explicit Names(std::string prefix = kDefaultPrefix) : fPrefix(std::move(prefix)) {}

    const std::string& Prefix() const { return fPrefix; }
    std::string Main() const { return fPrefix + "main"; }                  // default; overridable
    std::string Management() const { return fPrefix + "management"; }
    std::string Mutex() const { return fPrefix + "mutex"; }                 // /dev/shm/sem.<name>
    std::string ControlQueue() const { return fPrefix + "control_queue"; }
    std::string Queues() const { return fPrefix + "queues"; }               // named object, unused
    std::string Region(std::uint64_t id) const { return fPrefix + "region_" + std::to_string(id); }

  private:
    std::string fPrefix;
};

/// Fixed sizes and limits of PROTOCOL.md 1.1.
inline constexpr std::size_t kDefaultMainSegmentSize = 2000000000;  // decimal, not 2 GiB
inline constexpr std::size_t kManagementSegmentSize = 65536;
inline constexpr std::size_t kControlQueueCapacity = 1000;
inline constexpr std::size_t kControlQueueMessageSize = 1;  // sizeof(bool)

} // namespace fair::mq::shmem

#endif // FAIRMQ_SHMEM_NAMES_H
