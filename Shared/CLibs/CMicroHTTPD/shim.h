#ifndef DUBAN_CMICROHTTPD_SHIM_H
#define DUBAN_CMICROHTTPD_SHIM_H
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic (options end with MHD_OPTION_END), which Swift cannot call. */
static inline struct MHD_Daemon *CMicroHTTPD_start(unsigned int flags, const struct sockaddr_in *address,
    MHD_AccessHandlerCallback handler, void *context, MHD_RequestCompletedCallback completed,
    unsigned int connectionTimeoutSeconds, unsigned int connectionLimit) {
    return MHD_start_daemon(flags, ntohs(address->sin_port), NULL, NULL, handler, context,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)address,
        MHD_OPTION_NOTIFY_COMPLETED, completed, context,
        MHD_OPTION_CONNECTION_TIMEOUT, connectionTimeoutSeconds,
        MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
        MHD_OPTION_END);
}

/* MHD_get_daemon_info is variadic too; the bound port is what callers need after binding port 0. */
static inline uint16_t CMicroHTTPD_boundPort(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}
#endif
