/**
 * Helpers of the local transport: running a child process (LocalExec) with a built environment
 * (ChildEnvironment), its file operations (LocalFiles), bounded output capture, process tree
 * killing; not API.
 */
package io.dorisops.internal.transport;
