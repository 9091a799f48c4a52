/** Procedures as data: one {@link io.dorisops.internal.procedure.ProcedureSpec} row per operation kind; not API. */
package io.dorisops.internal.procedure;
