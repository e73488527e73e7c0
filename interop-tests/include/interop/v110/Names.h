// Session name -> shmId (PROTOCOL-V110.md 1.1), the object names of 1.2 and the protocol constants
// of the v1.10 shmem transport. SHA-256 is implemented here (FIPS 180-4) to avoid new dependencies.
#ifndef INTEROP_V110_NAMES_H
#define INTEROP_V110_NAMES_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace interop::v110
{

constexpr std::size_t kManagementSegmentSize = 6'553'600;      // 1.2
constexpr std::size_t kDefaultSegmentSize = 2'147'483'648ull;  // 1.2, 7.1
constexpr std::uint64_t kDefaultRcSegmentSize = 100'000'000;   // 4.1
constexpr std::uint16_t kFirstRegionId = 1024;                 // 1.3.6
constexpr std::size_t kAckQueueMessages = 1024;                // 1.2, 4.5
constexpr std::size_t kAckBlocksPerMessage = 256;              // 4.5
constexpr std::size_t kMetaHeaderSize = 40;                    // 3.1
constexpr int kHeartbeatIntervalMs = 100;                      // 2.2
constexpr int kAckFlushMs = 500;                               // 4.5

inline std::array<std::uint8_t, 32> sha256(const std::string& message)
{
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string data = message;
    const std::uint64_t bits = static_cast<std::uint64_t>(message.size()) * 8;
    data.push_back(static_cast<char>(0x80));
    while (data.size() % 64 != 56) {
        data.push_back('\0');
    }
    for (int i = 7; i >= 0; --i) {
        data.push_back(static_cast<char>((bits >> (i * 8)) & 0xff));
    }
    auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
    for (std::size_t block = 0; block < data.size(); block += 64) {
        std::uint32_t w[64];
        for (int i = 0; i < 16; ++i) {
            const auto* b = reinterpret_cast<const unsigned char*>(data.data() + block + i * 4);
            w[i] = (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
        }
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t ch = (e & f) ^ (~e & g);
            const std::uint32_t t1 = hh + S1 + ch + k[i] + w[i];
            const std::uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = S0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    std::array<std::uint8_t, 32> digest{};
    for (int i = 0; i < 8; ++i) {
        for (int j = 0; j < 4; ++j) {
            digest[i * 4 + j] = static_cast<std::uint8_t>((h[i] >> (24 - j * 8)) & 0xff);
        }
    }
    return digest;
}

inline std::string toHex(const std::uint8_t* bytes, std::size_t n)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0xf]);
    }
    return out;
}

// 1.1: "%08x" of a numeric id (device --shmid, decimal u64); longer than 8 digits above 0xffffffff.
inline std::string formatShmId(std::uint64_t id)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%08llx", static_cast<unsigned long long>(id));
    return buffer;
}

// 1.1: lowercase hex of the first 4 bytes of SHA-256(decimal euid + session).
inline std::string makeShmId(const std::string& sessionName, unsigned long userId)
{
    const auto digest = sha256(std::to_string(userId) + sessionName);
    return toHex(digest.data(), 4);
}

// 1.2: every name of a session.
class Names
{
  public:
    explicit Names(std::string shmId) : shmId_(std::move(shmId)) {}

    const std::string& shmId() const { return shmId_; }
    std::string prefix() const { return "fmq_" + shmId_ + "_"; }
    std::string management() const { return prefix() + "mng"; }
    std::string segment(std::uint16_t id) const { return prefix() + "m_" + std::to_string(id); }
    std::string region(std::uint16_t id) const { return prefix() + "rg_" + std::to_string(id); }
    std::string regionQueue(std::uint16_t id) const { return prefix() + "rgq_" + std::to_string(id); }
    std::string refCountSegment(std::uint16_t id) const { return prefix() + "rrc_" + std::to_string(id); }
    std::string monitorMutex() const { return prefix() + "ms"; }  // file /dev/shm/sem.<name>

  private:
    std::string shmId_;
};

} // namespace interop::v110

#endif // INTEROP_V110_NAMES_H
