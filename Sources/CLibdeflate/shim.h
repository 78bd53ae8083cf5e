// crm — a terminal-first CRM. Licensed under the MIT License.
//
// libdeflate (Debian's libdeflate-dev): whole-buffer DEFLATE, the gzip of sync bodies (`GzipDeflater`).
#ifndef CRM_CLIBDEFLATE_SHIM_H
#define CRM_CLIBDEFLATE_SHIM_H

#include <libdeflate.h>

#endif
