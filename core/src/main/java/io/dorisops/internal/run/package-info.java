/** The settings of one run as the engine reads them ({@link io.dorisops.internal.run.RunSettings}); not API. */
package io.dorisops.internal.run;
