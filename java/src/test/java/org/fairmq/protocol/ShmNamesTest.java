package org.fairmq.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShmNamesTest {
    @Test
    void shouldGiveTheReferenceNamesByDefault() {
        ShmNames names = ShmNames.reference();
        assertEquals("fairmq_shmem_main", names.mainSegment());
        assertEquals("fairmq_shmem_management", names.managementSegment());
        assertEquals("fairmq_shmem_mutex", names.mutex());
        assertEquals("fairmq_shmem_control_queue", names.controlQueue());
        assertEquals("fairmq_shmem_queues", names.queues());
        assertEquals("fairmq_shmem_region_1", names.region(1));
        assertEquals("fairmq_shmem_region_18446744073709551615", names.region(-1L));
    }

    @Test
    void shouldRenameEveryObjectWithThePrefixAndKeepAnOverriddenMainSegment() {
        ShmNames names = ShmNames.withPrefix("t1_").withMainSegment("my_custom_seg");
        assertEquals("my_custom_seg", names.mainSegment());
        assertEquals("t1_main", names.defaultMainSegment());
        assertEquals("t1_management", names.managementSegment());
        assertEquals("t1_region_12", names.region(12));
    }

    @Test
    void shouldRefuseSlashes() {
        assertThrows(IllegalArgumentException.class, () -> ShmNames.withPrefix("a/b"));
    }
}
