// drvcert-test: rules=ioctl-physmem-map,ioctl-msr-access
//
// The same primitives in a KMDF driver: a board-management controller's
// companion driver whose default queue handles "read physical" and "read
// MSR" requests. The request buffers come from WdfRequestRetrieveInputBuffer
// and WdfRequestRetrieveOutputBuffer; the allowlisted twin of each handler
// must stay silent.

#include <ntddk.h>
#include <wdf.h>

#define BMC_MAILBOX_BASE 0xFED40000ULL
#define BMC_MAILBOX_SIZE 0x1000
#define IA32_THERM_STATUS 0x19C

#define IOCTL_BMC_READ_PHYSICAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BMC_READ_MAILBOX \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_BMC_READ_MSR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BMC_READ_THERMAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _BMC_RANGE {
    PHYSICAL_ADDRESS Address;
    ULONG Length;
    ULONG Index; // MSR index for the MSR requests
} BMC_RANGE, *PBMC_RANGE;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL BmcEvtIoDeviceControl;

static NTSTATUS
BmcReadPhysical(PBMC_RANGE Range, PVOID Out, size_t OutLength, BOOLEAN Mailbox, size_t *Copied)
{
    PVOID va;

    if (Mailbox &&
        ((ULONGLONG)Range->Address.QuadPart < BMC_MAILBOX_BASE ||
         (ULONGLONG)Range->Address.QuadPart + Range->Length > BMC_MAILBOX_BASE + BMC_MAILBOX_SIZE)) {
        return STATUS_ACCESS_DENIED;
    }
    if (Range->Length > OutLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmMapIoSpaceEx(Range->Address, Range->Length, PAGE_READONLY | PAGE_NOCACHE); // expected-error{{'MmMapIoSpaceEx' maps a physical address and a length from a value read from the request's input buffer that no allowlist constrains}}
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Out, va, Range->Length);
    MmUnmapIoSpace(va, Range->Length);
    *Copied = Range->Length;
    return STATUS_SUCCESS;
}

VOID
BmcEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    PBMC_RANGE range;
    PVOID out;
    size_t outLength = 0;
    size_t copied = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(BMC_RANGE), (PVOID *)&range, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG64), &out, &outLength);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    switch (IoControlCode) {
    case IOCTL_BMC_READ_PHYSICAL:
    case IOCTL_BMC_READ_MAILBOX:
        status = BmcReadPhysical(range, out, outLength, IoControlCode == IOCTL_BMC_READ_MAILBOX, &copied);
        break;
    case IOCTL_BMC_READ_MSR:
        *(PULONG64)out = __readmsr(range->Index); // expected-error{{'__readmsr' reads the MSR whose index comes from a value read from the request's input buffer without an allowlist}}
        copied = sizeof(ULONG64);
        break;
    case IOCTL_BMC_READ_THERMAL:
        if (range->Index != IA32_THERM_STATUS) {
            status = STATUS_ACCESS_DENIED;
            break;
        }
        *(PULONG64)out = __readmsr(range->Index);
        copied = sizeof(ULONG64);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, copied);
}
