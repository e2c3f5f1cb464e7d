package org.carbonlab.hardware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A procfs or sysfs file kept open and read again from its start at each {@link #read()}: the kernel makes the
 * text anew for every read at offset 0, so a reading costs one positioned read, with no open, close or string. The
 * sampler reads these files ten times a second (a process's {@code stat}, a RAPL domain's {@code energy_uj}). An
 * open procfs file stays bound to the process it was opened for: once that process is gone, reading fails rather
 * than answer for another process that reuses its pid.
 */
public final class KernelFile implements AutoCloseable {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final byte[] bytes;

    /** Opens {@code path} for reads of up to {@code capacity} bytes (an unreadable file fails here, as it would). */
    public KernelFile(Path path, int capacity) throws IOException {
        this.channel = FileChannel.open(path);
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.bytes = new byte[capacity];
    }

    /** Reads the file from its start into {@link #bytes()}; returns how many bytes it holds (0: empty). */
    public int read() throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) <= 0) {
                break;
            }
        }
        int n = buffer.position();
        buffer.flip();
        buffer.get(bytes, 0, n);
        return n;
    }

    /** The bytes of the last read. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // opened for reading only: closing loses nothing
        }
    }
}
