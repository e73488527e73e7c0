package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.ShmTransportStatistics;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;

/**
 * One isolated topology per test of a profile: unique names, a Java transport in it, and the check
 * that nothing of it is left in /dev/shm afterwards (2017: but the named mutex, which devices never
 * remove and which is removed here). Test support; not thread-safe.
 */
final class ShmTopologies {
    private ShmTopologies() {}

    /** The two protocol profiles, each able to open a transport in a fresh topology. */
    enum Profile {
        V2017 {
            @Override
            Topology open(long segmentSize) {
                return new Topology2017(segmentSize);
            }
        },
        V110 {
            @Override
            Topology open(long segmentSize) {
                return new TopologyV110(segmentSize, UnaryOperator.identity());
            }
        };

        abstract Topology open(long segmentSize);
    }

    /** A transport of one profile in a topology of its own; close checks /dev/shm. */
    abstract static class Topology implements AutoCloseable {
        final String prefix;
        TransportFactory factory;
        ShmTransportStatistics stats;

        Topology(String prefix) {
            this.prefix = prefix;
        }

        /** Another transport in the same topology (closed by the caller). */
        abstract TransportFactory another(String id);

        /** Opens the topology's first transport, {@code java}, this object's. */
        final void openFirst() {
            factory = another("java");
            stats = (ShmTransportStatistics) factory;
        }

        @Override
        public void close() {
            factory.close();
            List<String> left = leftovers();
            assertEquals(List.of(), left, "objects of " + prefix + " left in /dev/shm");
        }

        abstract List<String> leftovers();
    }

    static final class Topology2017 extends Topology {
        final ShmNames names;
        final long segmentSize;

        Topology2017(long segmentSize) {
            super(DevShm.uniquePrefix("metrics"));
            this.names = ShmNames.withPrefix(prefix);
            this.segmentSize = segmentSize;
            openFirst();
        }

        @Override
        TransportFactory another(String id) {
            return ShmTransportFactory.create(ShmOptions.defaults(id).withNames(names).withSegmentSize(segmentSize));
        }

        @Override
        List<String> leftovers() {
            NamedMutex.remove(names.mutex());
            return DevShm.leftWith(prefix);
        }
    }

    static final class TopologyV110 extends Topology {
        final String session;
        final long segmentSize;
        final UnaryOperator<V110Options> tuning;

        TopologyV110(long segmentSize, UnaryOperator<V110Options> tuning) {
            this(segmentSize, tuning, "jmetrics-" + UUID.randomUUID());
        }

        private TopologyV110(long segmentSize, UnaryOperator<V110Options> tuning, String session) {
            super(V110Options.defaults("x", session).names().prefix());
            this.session = session;
            this.segmentSize = segmentSize;
            this.tuning = tuning;
            openFirst();
        }

        @Override
        TransportFactory another(String id) {
            return V110TransportFactory.create(tuning.apply(V110Options.defaults(id, session).withSegmentSize(segmentSize)));
        }

        @Override
        List<String> leftovers() {
            return DevShm.leftWith(prefix);
        }
    }
}
