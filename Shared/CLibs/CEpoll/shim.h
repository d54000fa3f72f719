#ifndef DUBAN_CEPOLL_SHIM_H
#define DUBAN_CEPOLL_SHIM_H
/* Linux epoll and eventfd, which Swift's Glibc module does not export. Part of glibc: nothing to link. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
