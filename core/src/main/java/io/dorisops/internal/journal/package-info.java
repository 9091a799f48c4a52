/**
 * A run's files in the state directory ({@link io.dorisops.internal.journal.RunJournal}): the journal
 * of each run (append-only, read back whole or damaged), its operation as JSON, the history of runs,
 * their ids, the one-run lock and the package a run journaled; imports no engine package above
 * {@code internal.plan} (a format-1 journal is read as the upgrade it planned); not API.
 */
package io.dorisops.internal.journal;
