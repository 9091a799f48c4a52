package io.dorisops.kubernetes;

import io.dorisops.DorisOpsException;

/**
 * The API server refused or did not have what dorisops needs: the resource is missing or of the other
 * kind, a permission is missing (403), or the CRD serves a version dorisops does not know. The message
 * names the resource and the permission or field; nothing was changed.
 */
public final class KubernetesAccessException extends DorisOpsException {

    private static final long serialVersionUID = 1L;

    private final String resource;

    public KubernetesAccessException(String resource, String message, Throwable cause) {
        super(message, cause);
        this.resource = resource;
    }

    public KubernetesAccessException(String resource, String message) {
        this(resource, message, null);
    }

    /** The resource concerned, e.g. {@code dorisclusters.doris.selectdb.com doris/sample}. */
    public String resource() {
        return resource;
    }
}
