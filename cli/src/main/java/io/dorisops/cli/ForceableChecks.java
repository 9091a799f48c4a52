package io.dorisops.cli;

import io.dorisops.RunOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The names {@code --force} takes, from the gate table, for the options' help ({@code ${COMPLETION-CANDIDATES}}). */
final class ForceableChecks implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>(RunOptions.PREFLIGHT_CHECKS);
        names.addAll(RunOptions.NODE_CHECKS);
        return names.iterator();
    }
}
