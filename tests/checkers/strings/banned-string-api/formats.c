// drvcert-test: rules=banned-string-api
//
// The banned printf family: sprintf, swprintf, vsprintf, vswprintf, _snprintf,
// _snwprintf, _vsnprintf and _vsnwprintf, in a driver that keeps a text log
// ring and names per-channel devices. Each one is reported at its call and
// the message names the ntstrsafe replacement from the API model.
//
// The mingw-w64 headers define swprintf and vswprintf in their ISO form, with
// a count (as the UCRT does in C), as static inline functions in
// swprintf.inl: the rule matches them by name whatever their parameter count
// and linkage. The calls those inline bodies make (vsnwprintf) are inside a
// system header and are not reported.

#include <ntddk.h>
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

#define LOG_TAG 'goLX'
#define LOG_SLOTS 32
#define LOG_SLOT_CHARS 128
#define LOG_CHANNELS 4

typedef struct _LOG_RING {
    KSPIN_LOCK Lock;
    ULONG Next;
    CHAR Slots[LOG_SLOTS][LOG_SLOT_CHARS];
    WCHAR WideSlots[LOG_SLOTS][LOG_SLOT_CHARS];
} LOG_RING, *PLOG_RING;

typedef struct _LOG_CHANNEL {
    ULONG Index;
    CHAR Description[48];
    WCHAR DeviceName[48];
    WCHAR LinkName[48];
    WCHAR InstanceName[32];
    PDEVICE_OBJECT DeviceObject;
} LOG_CHANNEL, *PLOG_CHANNEL;

DRIVER_INITIALIZE DriverEntry;

static LOG_RING LogRing;
static LOG_CHANNEL LogChannels[LOG_CHANNELS];

static PCHAR
LogNextSlot(VOID)
{
    ULONG slot = (ULONG)InterlockedIncrement((volatile LONG *)&LogRing.Next) % LOG_SLOTS;
    return LogRing.Slots[slot];
}

static PWCHAR
LogNextWideSlot(VOID)
{
    ULONG slot = (ULONG)InterlockedIncrement((volatile LONG *)&LogRing.Next) % LOG_SLOTS;
    return LogRing.WideSlots[slot];
}

//
// Case: vsprintf in the driver's variadic log routine.
//
static VOID
LogWrite(PCSTR Format, ...)
{
    va_list args;

    va_start(args, Format);
    vsprintf(LogNextSlot(), Format, args); // expected-error{{'vsprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbVPrintfA' from ntstrsafe.h with the destination size}}
    va_end(args);
}

//
// Case: _vsnprintf bounded by a count, without the guaranteed terminator.
//
static VOID
LogWriteBounded(PCSTR Format, ...)
{
    va_list args;

    va_start(args, Format);
    _vsnprintf(LogNextSlot(), LOG_SLOT_CHARS, Format, args); // expected-error{{'_vsnprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbVPrintfA' from ntstrsafe.h with the destination size}}
    va_end(args);
}

//
// Case: _vsnwprintf and vswprintf in the wide log routines.
//
static VOID
LogWriteWide(PCWSTR Format, ...)
{
    va_list args;

    va_start(args, Format);
    // expected-error@+1{{'_vsnwprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbVPrintfW' from ntstrsafe.h with the destination size}}
    _vsnwprintf(LogNextWideSlot(), LOG_SLOT_CHARS, Format, args);
    va_end(args);
}

static VOID
LogWriteWideIso(PCWSTR Format, ...)
{
    va_list args;

    va_start(args, Format);
    // expected-error@+1{{'vswprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbVPrintfW' from ntstrsafe.h with the destination size}}
    vswprintf(LogNextWideSlot(), LOG_SLOT_CHARS, Format, args);
    va_end(args);
}

//
// Case: sprintf of a description that includes a driver-supplied string.
//
static VOID
LogDescribeChannel(PLOG_CHANNEL Channel, PCSTR Vendor)
{
    // expected-error@+1{{'sprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbPrintfA' from ntstrsafe.h with the destination size}}
    sprintf(Channel->Description, "%s channel %lu", Vendor, Channel->Index);
}

//
// Case: swprintf and _snwprintf build device and link names.
//
static VOID
LogNameChannel(PLOG_CHANNEL Channel)
{
    // expected-error@+1{{'swprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbPrintfW' from ntstrsafe.h with the destination size}}
    swprintf(Channel->DeviceName, RTL_NUMBER_OF(Channel->DeviceName), L"\\Device\\LogChannel%lu", Channel->Index);
    // expected-error@+1{{'_snwprintf' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbPrintfW' from ntstrsafe.h with the destination size}}
    _snwprintf(Channel->LinkName, RTL_NUMBER_OF(Channel->LinkName), L"\\DosDevices\\LogChannel%lu", Channel->Index);
}

//
// Case: _snprintf whose return value is used to advance a cursor; it can be
// -1 and the buffer left unterminated.
//
static ULONG
LogFormatSummary(PCHAR Buffer, ULONG BufferSize)
{
    ULONG used = 0;
    ULONG i;
    int written;

    for (i = 0; i < LOG_CHANNELS && used < BufferSize; i++) {
        written = _snprintf(Buffer + used, BufferSize - used, "%lu:%s;", i, LogChannels[i].Description); // expected-error{{'_snprintf' is a banned string function}}
        if (written < 0) {
            break;
        }
        used += (ULONG)written;
    }
    return used;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    CHAR summary[256];
    ULONG i;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&LogRing.Lock);

    for (i = 0; i < LOG_CHANNELS; i++) {
        LogChannels[i].Index = i;
        LogDescribeChannel(&LogChannels[i], "Example");
        LogNameChannel(&LogChannels[i]);

        RtlInitUnicodeString(&name, LogChannels[i].DeviceName);
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &LogChannels[i].DeviceObject);
        if (!NT_SUCCESS(status)) {
            LogWrite("channel %lu: IoCreateDevice failed %08lx", i, status);
            return status;
        }
        LogChannels[i].DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    }

    LogFormatSummary(summary, sizeof(summary));
    LogWriteBounded("channels: %s", summary);
    LogWriteWide(L"driver %wZ loaded", RegistryPath);
    LogWriteWideIso(L"%lu channels", (ULONG)LOG_CHANNELS);
    return STATUS_SUCCESS;
}
