package io.dorisops.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.testkit.internal.NodeAllocator;
import io.dorisops.testkit.internal.s3.S3Client;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's S3 server is a real one: signed requests only, objects kept, writes refused on demand. */
class ObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void theServerStoresSignedWritesRefusesWrongKeysAndCanBeMadeToRefuseWrites() throws Exception {
        ObjectStore store = ObjectStore.start(dir, NodeAllocator.reservePort(dir));
        try {
            S3Client client = new S3Client(store.endpoint(), store.region(), ObjectStore.ACCESS_KEY, store.secretKey());
            client.put(store.bucket(), "a/b c/1.json", "{\"rows\":1}".getBytes(UTF_8));
            assertThat(store.keys("a/")).containsExactly("a/b c/1.json");
            assertThat(client.get(store.bucket(), "a/b c/1.json"))
                    .map(b -> new String(b, UTF_8))
                    .contains("{\"rows\":1}");
            assertThat(client.get(store.bucket(), "a/none")).isEmpty();

            S3Client wrongKey = new S3Client(store.endpoint(), store.region(), ObjectStore.ACCESS_KEY, "wrong");
            assertThatThrownBy(() -> wrongKey.put(store.bucket(), "x", new byte[1]))
                    .isInstanceOf(S3Client.S3Exception.class)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageNotContaining("wrong");

            store.refuseWrites();
            assertThatThrownBy(() -> client.put(store.bucket(), "a/2.json", new byte[1]))
                    .isInstanceOf(S3Client.S3Exception.class)
                    .hasMessageContaining("PUT");
            assertThat(store.keys("a/")).containsExactly("a/b c/1.json");
            store.acceptWrites();
            client.put(store.bucket(), "a/2.json", new byte[1]);
            assertThat(store.keys("a/")).hasSize(2);
            assertThat(store.toString()).doesNotContain(store.secretKey());
        } finally {
            store.stop();
        }
    }
}
