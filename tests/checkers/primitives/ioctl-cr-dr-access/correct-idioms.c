// drvcert-test: rules=ioctl-cr-dr-access
//
// A virtualization-helper driver that legitimately touches control
// registers: it sets the bits it needs from constants (the request only
// says whether), restores debug registers it saved itself, reads CR3 and
// the IDTR for its own bookkeeping without returning them, lets
// administrators with SeDebugPrivilege load DR7 for the vendor's debugger,
// and trusts kernel-mode requestors.

#include <ntddk.h>

#define CR4_OSXSAVE (1ULL << 18)

#define IOCTL_VMH_ENABLE_XSAVE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VMH_RESTORE_DEBUG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VMH_CHECK_ADDRESS_SPACE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_VMH_DEBUGGER_DR7 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VMH_INTERNAL_CR0 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#pragma pack(push, 1)
typedef struct _VMH_DESCRIPTOR {
    USHORT Limit;
    ULONG64 Base;
} VMH_DESCRIPTOR;
#pragma pack(pop)

typedef struct _VMH_REQUEST {
    ULONG64 Value;
    ULONG Enable;
    ULONG Result;
} VMH_REQUEST, *PVMH_REQUEST;

typedef struct _VMH_EXTENSION {
    ULONG64 SavedDr7;
    ULONG64 BootCr3;
    USHORT IdtLimit;
} VMH_EXTENSION, *PVMH_EXTENSION;

DRIVER_DISPATCH VmhDeviceControl;

static VOID
VmhEnableXsave(PVMH_REQUEST Request)
{
    ULONG64 cr4 = __readcr4();

    cr4 = Request->Enable ? (cr4 | CR4_OSXSAVE) : (cr4 & ~CR4_OSXSAVE);
    __writecr4(cr4);
}

static VOID
VmhRestoreDebug(PVMH_EXTENSION Ext)
{
    __writedr(7, Ext->SavedDr7);
}

static VOID
VmhCheckAddressSpace(PVMH_EXTENSION Ext, PVMH_REQUEST Request)
{
    VMH_DESCRIPTOR idtr;

    __sidt(&idtr);
    Request->Result = (__readcr3() == Ext->BootCr3) && (idtr.Limit == Ext->IdtLimit);
}

static NTSTATUS
VmhDebuggerDr7(PIRP Irp, PVMH_REQUEST Request)
{
    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_DEBUG_PRIVILEGE), Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    __writedr(7, Request->Value);
    return STATUS_SUCCESS;
}

static NTSTATUS
VmhInternalCr0(PIRP Irp, PVMH_REQUEST Request)
{
    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    __writecr0(Request->Value);
    return STATUS_SUCCESS;
}

NTSTATUS
VmhDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVMH_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVMH_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VMH_REQUEST) ||
        irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VMH_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_VMH_ENABLE_XSAVE:
            VmhEnableXsave(request);
            break;
        case IOCTL_VMH_RESTORE_DEBUG:
            VmhRestoreDebug(ext);
            break;
        case IOCTL_VMH_CHECK_ADDRESS_SPACE:
            VmhCheckAddressSpace(ext, request);
            Irp->IoStatus.Information = sizeof(VMH_REQUEST);
            break;
        case IOCTL_VMH_DEBUGGER_DR7:
            status = VmhDebuggerDr7(Irp, request);
            break;
        case IOCTL_VMH_INTERNAL_CR0:
            status = VmhInternalCr0(Irp, request);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
