/*
 * ctsmon.h - Contoso System Monitor driver, private definitions.
 */
#ifndef CTSMON_H
#define CTSMON_H

#include <ntddk.h>
#include "public.h"

#define CTSMON_NT_DEVICE_NAME       L"\\Device\\CtsMon"
#define CTSMON_DOS_DEVICE_NAME      L"\\DosDevices\\CtsMon"
#define CTSMON_MAX_NAME_CHARS       64

#define CTSMON_POOL_TAG             'nMtC'      /* "CtMn" in pool dumps */

#define CTSMON_HISTORY_CAPACITY     4096        /* samples */
#define CTSMON_HISTORY_BYTES        (CTSMON_HISTORY_CAPACITY * sizeof(CTSMON_SAMPLE))
#define CTSMON_DEFAULT_INTERVAL_MS  1000

typedef struct _CTSMON_DEVICE_EXTENSION {
    PDEVICE_OBJECT DeviceObject;
    BOOLEAN        SymbolicLinkCreated;
    volatile LONG  OpenHandles;

    /*
     * SampleLock protects everything below. It is taken at DISPATCH_LEVEL,
     * so everything it guards must be in nonpaged memory.
     */
    KSPIN_LOCK     SampleLock;

    /* Latest reading of each sensor, indexed by SensorId. */
    CTSMON_SAMPLE  LatestReadings[CTSMON_MAX_SENSORS];

    /* History ring of CTSMON_HISTORY_CAPACITY samples. */
    PCTSMON_SAMPLE History;
    ULONG          HistoryHead;     /* next slot to write */
    ULONG          HistoryTail;     /* oldest unread sample */
    ULONG          HistoryCount;

    ULONG          SampleIntervalMs;
    ULONG          ConfigFlags;
    WCHAR          LogTag[CTSMON_MAX_TAG_CHARS];

    ULONG64        SamplesSubmitted;
    ULONG64        SamplesDropped;
    ULONG64        ReadRequests;
} CTSMON_DEVICE_EXTENSION, *PCTSMON_DEVICE_EXTENSION;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CtsMonUnload;

/* dispatch.c */
DRIVER_DISPATCH CtsMonDispatchCreateClose;
DRIVER_DISPATCH CtsMonDispatchDeviceControl;

NTSTATUS
CtsMonCompleteRequest(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    );

/* readwrite.c */
DRIVER_DISPATCH CtsMonDispatchRead;

/* ioctl.c: one handler per IOCTL; each returns the status and the byte count
 * for IoStatus.Information, and the caller completes the IRP. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
CtsMonIoctlGetVersion(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack,
    _Out_ PULONG_PTR Information
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
CtsMonIoctlGetStatistics(
    _In_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack,
    _Out_ PULONG_PTR Information
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
CtsMonIoctlSetConfig(
    _In_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
CtsMonIoctlSubmitSamples(
    _In_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
CtsMonIoctlReadSamples(
    _In_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack,
    _Out_ PULONG_PTR Information
    );

#endif /* CTSMON_H */
