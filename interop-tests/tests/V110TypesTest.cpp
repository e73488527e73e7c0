// The v1.10 declarations of interop/v110/Types.h produce exactly the unique-instance keys that
// PROTOCOL-V110.md 1.3 and 4.4 list, and the shmId/names of 1.1/1.2 follow the test vectors there.
#include "interop/v110/Names.h"
#include "interop/v110/Types.h"

#include <gtest/gtest.h>

#include <cstring>
#include <typeinfo>

namespace
{

using namespace fair::mq::shmem;
using namespace interop::v110;

TEST(V110Types, uniqueInstanceKeysMatchTheTableOfSection1_3)
{
    EXPECT_STREQ(typeid(bipc::interprocess_mutex).name(), "N5boost12interprocess18interprocess_mutexE");
    EXPECT_STREQ(typeid(SessionInfo).name(), "N4fair2mq5shmem11SessionInfoE");
    EXPECT_STREQ(typeid(EventCounter).name(), "N4fair2mq5shmem12EventCounterE");
    EXPECT_STREQ(typeid(DeviceCounter).name(), "N4fair2mq5shmem13DeviceCounterE");
    EXPECT_STREQ(typeid(Heartbeat).name(), "N4fair2mq5shmem9HeartbeatE");
    EXPECT_STREQ(typeid(RegionCounter).name(), "N4fair2mq5shmem13RegionCounterE");
    EXPECT_STREQ(typeid(Uint16SegmentInfoHashMap).name(),
                 "N5boost9unordered13unordered_mapItN4fair2mq5shmem11SegmentInfoENS_4hashItEESt8equal_toItENS_"
                 "12interprocess9allocatorISt4pairIKtS5_ENSA_15segment_managerIcNSA_15rbtree_best_fitINSA_12mutex_"
                 "familyENSA_10offset_ptrIvlmLm0EEELm0EEENSA_10iset_indexEEEEEEE");
    EXPECT_STREQ(typeid(Uint16RegionInfoHashMap).name(),
                 "N5boost9unordered13unordered_mapItN4fair2mq5shmem10RegionInfoENS_4hashItEESt8equal_toItENS_"
                 "12interprocess9allocatorISt4pairIKtS5_ENSA_15segment_managerIcNSA_15rbtree_best_fitINSA_12mutex_"
                 "familyENSA_10offset_ptrIvlmLm0EEELm0EEENSA_10iset_indexEEEEEEE");
}

TEST(V110Types, keyLengthsMatchTheTable)
{
    EXPECT_EQ(std::string(typeid(bipc::interprocess_mutex).name()).size(), 42u);
    EXPECT_EQ(std::string(typeid(SessionInfo).name()).size(), 29u);
    EXPECT_EQ(std::string(typeid(EventCounter).name()).size(), 30u);
    EXPECT_EQ(std::string(typeid(DeviceCounter).name()).size(), 31u);
    EXPECT_EQ(std::string(typeid(Heartbeat).name()).size(), 26u);
    EXPECT_EQ(std::string(typeid(RegionCounter).name()).size(), 31u);
    EXPECT_EQ(std::string(typeid(Uint16SegmentInfoHashMap).name()).size(), 250u);
    EXPECT_EQ(std::string(typeid(Uint16RegionInfoHashMap).name()).size(), 249u);
    EXPECT_EQ(std::string(typeid(RefCountPool).name()).size(), 178u);
}

TEST(V110Types, otherNamesOfTheDocument)
{
    EXPECT_STREQ(typeid(Str).name(),
                 "N5boost9container12basic_stringIcSt11char_traitsIcENS_12interprocess9allocatorIcNS4_15segment_"
                 "managerIcNS4_15rbtree_best_fitINS4_12mutex_familyENS4_10offset_ptrIvlmLm0EEELm0EEENS4_10iset_"
                 "indexEEEEEEE");
    EXPECT_STREQ(typeid(SegmentManager).name(),
                 "N5boost12interprocess15segment_managerIcNS0_15rbtree_best_fitINS0_12mutex_familyENS0_10offset_"
                 "ptrIvlmLm0EEELm0EEENS0_10iset_indexEEE");
    EXPECT_STREQ(typeid(MetaHeader).name(), "N4fair2mq5shmem10MetaHeaderE");
    EXPECT_STREQ(typeid(RefCount).name(), "N4fair2mq5shmem8RefCountE");
    EXPECT_STREQ(typeid(RegionBlock).name(), "N4fair2mq5shmem11RegionBlockE");
    EXPECT_STREQ(typeid(bipc::managed_shared_memory::handle_t).name(), "l");
}

TEST(V110Types, refCountNodePoolKeyOfSection4_4)
{
    EXPECT_STREQ(typeid(RefCountPool).name(),
                 "N5boost12interprocess9ipcdetail16shared_node_poolINS0_15segment_managerIcNS0_15rbtree_best_fitINS0_"
                 "12mutex_familyENS0_10offset_ptrIvlmLm0EEELm0EEENS0_10iset_indexEEELm2ELm4096EEE");
    EXPECT_STREQ(typeid(RefCountPoolAllocator).name(),
                 "N5boost12interprocess14node_allocatorIN4fair2mq5shmem8RefCountENS0_15segment_managerIcNS0_15rbtree_"
                 "best_fitINS0_12mutex_familyENS0_10offset_ptrIvlmLm0EEELm0EEENS0_10iset_indexEEELm4096EEE");
}

TEST(V110Types, shmHeaderLayoutOfSection3_6)
{
    alignas(16) char chunk[64] = {};
    ShmHeader::construct(chunk);
    EXPECT_EQ(ShmHeader::hdrOffset(chunk), 2);
    EXPECT_EQ(ShmHeader::hdr(chunk)->userOffset, 8);
    EXPECT_EQ(ShmHeader::refCount(chunk).load(), 1);
    EXPECT_EQ(ShmHeader::userData(chunk), chunk + 16);
    const unsigned char expected[8] = {0x02, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00};
    EXPECT_EQ(std::memcmp(chunk, expected, 8), 0);
    EXPECT_EQ(ShmHeader::fullSize(1000, 16), 1024u);
    EXPECT_EQ(ShmHeader::fullSize(1000), 1024u);
    EXPECT_EQ(ShmHeader::fullSize(200000), 200024u);

    alignas(64) char big[256] = {};
    ShmHeader::construct(big, 64);
    EXPECT_EQ(ShmHeader::hdr(big)->userOffset, 56);  // chunk 64-aligned: user data at +64
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(ShmHeader::userData(big)) % 64, 0u);
    alignas(64) char other[256] = {};
    ShmHeader::construct(other + 32, 64);   // p = 32 mod 64 (handle 224 in 3.7) -> userOffset 24
    EXPECT_EQ(ShmHeader::hdr(other + 32)->userOffset, 24);
}

TEST(V110Names, sha256KnownVectors)
{
    const auto empty = sha256("");
    EXPECT_EQ(toHex(empty.data(), 32), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto abc = sha256("abc");
    EXPECT_EQ(toHex(abc.data(), 32), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const auto twoBlocks = sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    EXPECT_EQ(toHex(twoBlocks.data(), 32), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(V110Names, shmIdVectorsOfSection1_1)
{
    EXPECT_EQ(makeShmId("s1", 0), "dbab2873");
    EXPECT_EQ(makeShmId("default", 0), "f8fb93a1");
    EXPECT_EQ(makeShmId("default", 1000), "eca859e3");
    EXPECT_EQ(makeShmId("default", 65534), "56cd2b43");
    EXPECT_EQ(makeShmId("mysess", 0), "f0dac96e");
    EXPECT_EQ(formatShmId(12345), "00003039");
    EXPECT_EQ(formatShmId(81985529216486895ull), "123456789abcdef");
}

TEST(V110Names, namesOfSection1_2)
{
    const Names n("dbab2873");
    EXPECT_EQ(n.management(), "fmq_dbab2873_mng");
    EXPECT_EQ(n.segment(0), "fmq_dbab2873_m_0");
    EXPECT_EQ(n.segment(12), "fmq_dbab2873_m_12");
    EXPECT_EQ(n.region(1024), "fmq_dbab2873_rg_1024");
    EXPECT_EQ(n.regionQueue(1024), "fmq_dbab2873_rgq_1024");
    EXPECT_EQ(n.refCountSegment(1024), "fmq_dbab2873_rrc_1024");
    EXPECT_EQ(n.monitorMutex(), "fmq_dbab2873_ms");
}

} // namespace
