package io.dorisops.cli;

import io.dorisops.UpgradeOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The names {@code --force} takes, from the gate table, for the options' help ({@code ${COMPLETION-CANDIDATES}}). */
final class ForceableChecks implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>(UpgradeOptions.PREFLIGHT_CHECKS);
        names.addAll(UpgradeOptions.NODE_CHECKS);
        return names.iterator();
    }
}
