// drvcert-test: rules=direct-io-mdl-misuse notes
//
// The code flow of a path-sensitive finding: every step from the dispatch
// routine, into the helper that maps the MDL, to the unchecked use.

#include <ntddk.h>

#define IOCTL_CF_READ_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _CF_COUNTERS {
    ULONG Reads;
    ULONG Writes;
} CF_COUNTERS, *PCF_COUNTERS;

static CF_COUNTERS CfCounters;

static NTSTATUS
CfReadCounters(PIRP Irp, ULONG OutputLength)
{
    PCF_COUNTERS out;

    // expected-note@+1{{Assuming the condition is false}}
    if (OutputLength < sizeof(CF_COUNTERS)) { // expected-note{{Taking false branch}}
        return STATUS_BUFFER_TOO_SMALL;
    }
    // expected-note@+2{{Assuming the condition is false}}
    // expected-note@+1{{'MmGetSystemAddressForMdlSafe' returns NULL when the pages cannot be mapped}}
    out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    // expected-error@+2{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    // expected-note@+1{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    out->Reads = CfCounters.Reads;
    out->Writes = CfCounters.Writes;
    Irp->IoStatus.Information = sizeof(CF_COUNTERS);
    return STATUS_SUCCESS;
}

NTSTATUS
CfDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    // expected-note@+1{{Control jumps to 'case IOCTL_CF_READ_COUNTERS:' (0x226402) at line 48}}
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CF_READ_COUNTERS:
        // expected-note@+1{{Calling 'CfReadCounters'}}
        status = CfReadCounters(Irp, stack->Parameters.DeviceIoControl.OutputBufferLength);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
