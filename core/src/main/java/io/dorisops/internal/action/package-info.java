/**
 * The actions an operation's steps do, as typed records: the engine's instruction set, not API. Each is
 * journaled by its key and performed by its handler in the engine's dispatch table.
 */
package io.dorisops.internal.action;
