package org.fairmq.ipc;

import java.nio.ByteBuffer;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * An unmanaged region (PROTOCOL.md 1.1, 3.10): a {@code shared_memory_object} of exactly the
 * requested size, mapped whole. Handles into it are offsets from its start.
 *
 * <p>Ownership: this object owns one mapping; {@link #close()} unmaps it and invalidates every
 * buffer obtained from {@link #buffer}. Closing never removes the name; use {@link #remove}.
 * Thread-safe except for {@link #close()}.
 */
public final class SharedRegion extends MappingOwner {
    private final ShmNative.SharedRegion mapping;
    private final long base;
    private final long size;

    private SharedRegion(OpenMode mode, String name, long size) {
        super("region", name);
        try {
            this.mapping = new ShmNative.SharedRegion(mode.code, name, size);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
        this.base = mapping.baseAddress();
        this.size = mapping.size();
    }

    /** Creates the region ({@code create_only}, truncated to {@code size}) and maps it. */
    public static SharedRegion createOnly(String name, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("region \"" + name + "\": size must be positive, got " + size);
        }
        return new SharedRegion(OpenMode.CREATE_ONLY, name, size);
    }

    /** Opens an existing region and maps all of it. */
    public static SharedRegion openOnly(String name) {
        return new SharedRegion(OpenMode.OPEN_ONLY, name, 0);
    }

    public static boolean remove(String name) {
        try {
            return ShmNative.SharedRegion.remove(name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public long size() {
        ensureOpen();
        return size;
    }

    public long baseAddress() {
        ensureOpen();
        return base;
    }

    /** True if {@code [offset, offset + bytes)} lies inside the region. */
    public boolean contains(long offset, long bytes) {
        return offset >= 0 && bytes >= 0 && offset <= size && bytes <= size - offset;
    }

    /** Throws {@link ShmBadHandleException} unless {@link #contains} holds. */
    public void checkRange(long offset, long bytes) {
        ensureOpen();
        if (!contains(offset, bytes)) {
            throw new ShmBadHandleException("offset " + offset + " with size " + bytes + " is outside " + this + " ("
                    + size + " bytes)");
        }
    }

    /**
     * A zero-copy view of {@code bytes} bytes at {@code offset}. After {@link #close()} any access
     * throws (IllegalStateException on JDK 22+, InternalError on JDK 17-21; see MappingViews).
     */
    public ByteBuffer buffer(long offset, long bytes) {
        checkRange(offset, bytes);
        return view(offset, bytes);
    }

    @Override
    long mappingAddress() {
        return base;
    }

    @Override
    long mappingSize() {
        return size;
    }

    @Override
    int vacate() {
        return mapping.vacate();
    }

    @Override
    void release() {
        mapping.close();
    }
}
