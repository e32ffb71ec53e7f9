/*
 * public.h - Contoso System Monitor (ctsmon.sys) user/kernel interface.
 *
 * Shared by the driver and by the user-mode service and tray tool. User-mode
 * code includes <windows.h> and <winioctl.h> first; the driver includes
 * <ntddk.h> first. Every structure uses fixed-size fields only, so 32-bit
 * callers on a 64-bit system see the same layout and no thunking is needed.
 */
#ifndef CTSMON_PUBLIC_H
#define CTSMON_PUBLIC_H

#ifndef CTL_CODE
#error "include <winioctl.h> (user mode) or <ntddk.h> (kernel mode) before public.h"
#endif

/* Win32 path of the control device: CreateFileW(CTSMON_WIN32_DEVICE_PATH, ...). */
#define CTSMON_WIN32_DEVICE_PATH    L"\\\\.\\CtsMon"

/* Vendor device type; 0x8000-0xFFFF is reserved for non-Microsoft use. */
#define CTSMON_DEVICE_TYPE          0x8337

/* Function codes 0x800-0xFFF are reserved for non-Microsoft use. */
#define IOCTL_CTSMON_GET_VERSION \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CTSMON_GET_STATISTICS \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CTSMON_SET_CONFIG \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CTSMON_SUBMIT_SAMPLES \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x803, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_CTSMON_READ_SAMPLES \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x804, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_CTSMON_SUBMIT_SAMPLES_V1 \
    CTL_CODE(CTSMON_DEVICE_TYPE, 0x805, METHOD_NEITHER, FILE_WRITE_ACCESS)

#define CTSMON_VERSION_MAJOR        2
#define CTSMON_VERSION_MINOR        4
#define CTSMON_VERSION_BUILD        1187

#define CTSMON_MAX_SENSORS          16      /* SensorId is 0 .. CTSMON_MAX_SENSORS - 1 */
#define CTSMON_MAX_BATCH_SAMPLES    256     /* per IOCTL_CTSMON_SUBMIT_SAMPLES */
#define CTSMON_MAX_TAG_CHARS        32      /* including the terminating NUL */
#define CTSMON_DESCRIPTION_CHARS    64

#define CTSMON_MIN_INTERVAL_MS      100
#define CTSMON_MAX_INTERVAL_MS      60000

/* CTSMON_CONFIG.Flags */
#define CTSMON_CONFIG_LOG_SAMPLES   0x00000001
#define CTSMON_CONFIG_KEEP_HISTORY  0x00000002
#define CTSMON_CONFIG_VALID_FLAGS   (CTSMON_CONFIG_LOG_SAMPLES | CTSMON_CONFIG_KEEP_HISTORY)

/* One sensor reading. Timestamp is in 100 ns units (KeQuerySystemTime). */
typedef struct _CTSMON_SAMPLE {
    ULONG   SensorId;
    LONG    Value;          /* milli-degrees C, millivolts or RPM, by sensor */
    ULONG64 Timestamp;
} CTSMON_SAMPLE, *PCTSMON_SAMPLE;

/* IOCTL_CTSMON_GET_VERSION output. */
typedef struct _CTSMON_VERSION_INFO {
    ULONG Major;
    ULONG Minor;
    ULONG Build;
    WCHAR Description[CTSMON_DESCRIPTION_CHARS];
} CTSMON_VERSION_INFO, *PCTSMON_VERSION_INFO;

/* IOCTL_CTSMON_GET_STATISTICS output. */
typedef struct _CTSMON_STATISTICS {
    ULONG64 SamplesSubmitted;
    ULONG64 SamplesDropped;     /* overwritten in the history ring before being read */
    ULONG64 ReadRequests;
    ULONG   HistoryCount;       /* samples waiting in the history ring */
    ULONG   OpenHandles;
} CTSMON_STATISTICS, *PCTSMON_STATISTICS;

/* IOCTL_CTSMON_SET_CONFIG input. */
typedef struct _CTSMON_CONFIG {
    ULONG SampleIntervalMs;
    ULONG Flags;
    WCHAR LogTag[CTSMON_MAX_TAG_CHARS];
} CTSMON_CONFIG, *PCTSMON_CONFIG;

/*
 * IOCTL_CTSMON_SUBMIT_SAMPLES input (METHOD_NEITHER): a header followed by
 * Count samples. InputBufferLength must cover
 * FIELD_OFFSET(CTSMON_SAMPLE_BATCH, Samples) + Count * sizeof(CTSMON_SAMPLE).
 */
typedef struct _CTSMON_SAMPLE_BATCH {
    ULONG         Count;
    ULONG         Reserved;
    CTSMON_SAMPLE Samples[1];
} CTSMON_SAMPLE_BATCH, *PCTSMON_SAMPLE_BATCH;

/*
 * IOCTL_CTSMON_SUBMIT_SAMPLES_V1 input (METHOD_NEITHER): the protocol of the
 * 1.x monitoring service, still accepted for old installations. The header
 * points at Count samples in the caller's memory instead of carrying them
 * (POINTER_64 keeps the pointer 64 bits wide for 32-bit callers). The output
 * buffer receives the number of samples accepted (a ULONG).
 */
typedef struct _CTSMON_SAMPLE_BATCH_V1 {
    ULONG                      Count;
    ULONG                      Reserved;
    CTSMON_SAMPLE * POINTER_64 Samples;
} CTSMON_SAMPLE_BATCH_V1, *PCTSMON_SAMPLE_BATCH_V1;

/*
 * ReadFile on the device returns the latest reading of each sensor as an
 * array of CTSMON_SAMPLE (up to CTSMON_MAX_SENSORS entries).
 * IOCTL_CTSMON_READ_SAMPLES drains the history ring into the output buffer,
 * oldest sample first.
 */

#endif /* CTSMON_PUBLIC_H */
