// A driver source configured by ../.drvcert.yaml: its model makes
// LegacyAlloc deprecated, banned-string-api reports at level warning and
// device-namespace-unsecured is off.
#define NTSTRSAFE_NO_DEPRECATE
#include <ntddk.h>
#include <string.h>

PVOID LegacyAlloc(ULONG Flags, SIZE_T Size);

PVOID AllocateBuffer(SIZE_T Size)
{
    return LegacyAlloc(0, Size);
}

VOID CopyName(PCHAR Destination, PCSTR Source)
{
    strcpy(Destination, Source);
}

NTSTATUS CreateDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\Legacy");
    return IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                          Device);
}
