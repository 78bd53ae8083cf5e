// crm — a terminal-first CRM. Licensed under the MIT License.
//
// libzstd (Debian's libzstd-dev): zstd (RFC 8878), the cheaper coding of pull answers (`Zstd`).
#ifndef CRM_CZSTD_SHIM_H
#define CRM_CZSTD_SHIM_H

#include <zstd.h>
#include <zstd_errors.h>

/// ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are expressions Swift does not import.
static inline int crm_zstd_content_size_known(unsigned long long size) {
    return size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR;
}

#endif
