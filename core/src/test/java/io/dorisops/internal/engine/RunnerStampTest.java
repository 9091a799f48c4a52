package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.internal.Stamps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run stamps name staged files and backups: two runs in the same second must not share one. */
class RunnerStampTest {

    @Test
    void stampsMadeInTheSameSecondAreDistinctAndIncrease() {
        List<String> stamps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stamps.add(Stamps.newStamp());
        }

        assertThat(stamps).doesNotHaveDuplicates().isSorted();
        assertThat(stamps).allSatisfy(stamp -> assertThat(stamp).matches("\\d{8}_\\d{6}"));
    }
}
