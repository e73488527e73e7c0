// Protocol constants and shared-memory object names, in one place (PROTOCOL.md sections cited).
#ifndef INTEROP_PROTOCOL_H
#define INTEROP_PROTOCOL_H

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace interop
{

using namespace std::chrono_literals;

inline constexpr const char* kDefaultPrefix = "fairmq_shmem_";               // 1.1
inline constexpr std::size_t kDefaultSegmentSize = 2'000'000'000;            // 1.1 (decimal)
inline constexpr std::size_t kManagementSegmentSize = 65'536;                // 1.1
inline constexpr std::size_t kControlQueueMaxMsgs = 1000;                    // 1.1
inline constexpr std::size_t kControlQueueMsgSize = 1;                       // 1.1, sizeof(bool)
inline constexpr std::uint8_t kHeartbeatByte = 0x01;                         // 2.3, bool true
inline constexpr auto kHeartbeatPeriod = 100ms;                              // 2.3
inline constexpr auto kHeartbeatBackoff = 500ms;                             // 2.3, queue missing
inline constexpr auto kHeartbeatSendDeadline = 100ms;                        // 2.3
inline constexpr auto kFullSegmentRetry = 50ms;                              // 3.9
inline constexpr int kSocketTimeoutMs = 700;                                 // 4.3
inline constexpr int kDefaultLingerMs = 1000;                                // 4.3
inline constexpr int kDefaultHwm = 1000;                                     // 4.3
inline constexpr int kIoThreads = 1;                                         // 4.1
inline constexpr int kMaxSockets = 10'000;                                   // 4.1
inline constexpr std::size_t kMetaHeaderSize = 32;                           // 3.1
// 1.2.4: rbtree_best_fit hands out 16-byte aligned payloads; a main-segment handle is never 0.
inline constexpr std::int64_t kChunkAlignment = 16;

// Every shared-memory name of one topology, built from one prefix (PROTOCOL.md 1.1; the prefix
// replaces the fixed "fairmq_shmem_" so that tests can run side by side).
class ShmNames
{
  public:
    explicit ShmNames(std::string prefix) : prefix_(std::move(prefix)) {}

    const std::string& prefix() const { return prefix_; }
    std::string defaultMainSegment() const { return prefix_ + "main"; }
    std::string managementSegment() const { return prefix_ + "management"; }
    std::string mutex() const { return prefix_ + "mutex"; }
    std::string controlQueue() const { return prefix_ + "control_queue"; }
    std::string region(std::uint64_t id) const { return prefix_ + "region_" + std::to_string(id); }

  private:
    std::string prefix_;
};

} // namespace interop

#endif // INTEROP_PROTOCOL_H
