package io.dorisops.internal.host;

import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A transport that passes each call to another one (download excepted: it keeps the interface's
 * refusal), for tests to override the calls they record, fake or damage.
 */
public class ForwardingTransport implements Transport {
    protected final Transport delegate;

    public ForwardingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public String host() {
        return delegate.host();
    }

    @Override
    public ExecResult exec(Command command) {
        return delegate.exec(command);
    }

    @Override
    public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
        return delegate.exec(command, stdin, stdout);
    }

    @Override
    public void upload(Path source, Path target, TransferListener listener) {
        delegate.upload(source, target, listener);
    }

    @Override
    public String read(Path file, int maxBytes) {
        return delegate.read(file, maxBytes);
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
