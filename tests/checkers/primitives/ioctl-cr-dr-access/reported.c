// drvcert-test: rules=ioctl-cr-dr-access
//
// The "Screwed Drivers" shapes: a BIOS-flashing and overclocking utility
// driver whose IOCTLs load control and debug registers with the caller's
// values (clearing CR0.WP or CR4.SMEP is one call away) and hand the page
// tables' root, the IDT's location and the syscall entry point back to the
// caller.

#include <ntddk.h>

#define IA32_LSTAR 0xC0000082

#define IOCTL_FLASH_SET_CR0 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_CLEAR_CR4 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x861, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_SET_DR7 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x862, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_LOAD_IDT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x863, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_GET_CPU_STATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x864, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_GET_IDT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x865, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FLASH_GET_SYSCALL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x866, METHOD_BUFFERED, FILE_ANY_ACCESS)

#pragma pack(push, 1)
typedef struct _FLASH_DESCRIPTOR {
    USHORT Limit;
    ULONG64 Base;
} FLASH_DESCRIPTOR, *PFLASH_DESCRIPTOR;
#pragma pack(pop)

typedef struct _FLASH_REGISTER_REQUEST {
    ULONG64 Value;
    FLASH_DESCRIPTOR Descriptor;
} FLASH_REGISTER_REQUEST, *PFLASH_REGISTER_REQUEST;

typedef struct _FLASH_CPU_STATE {
    ULONG64 Cr0;
    ULONG64 Cr3;
    ULONG64 Cr4;
} FLASH_CPU_STATE, *PFLASH_CPU_STATE;

DRIVER_DISPATCH FlashDeviceControl;

// Case: CR0 from the caller ("disable write protection while flashing").
static VOID
FlashSetCr0(PFLASH_REGISTER_REQUEST Request)
{
    __writecr0(Request->Value); // expected-error{{'__writecr0' loads a value from a value read from the SystemBuffer into a control or debug register; any caller can clear CR0.WP or CR4.SMEP}}
}

// Case: CR4 bits cleared by the caller's mask (SMEP, SMAP ...).
static VOID
FlashClearCr4(PFLASH_REGISTER_REQUEST Request)
{
    __writecr4(__readcr4() & ~Request->Value); // expected-error{{'__writecr4' loads a value from a value read from the SystemBuffer into a control or debug register}}
}

// Case: a hardware breakpoint anywhere.
static VOID
FlashSetDr7(PFLASH_REGISTER_REQUEST Request)
{
    __writedr(7, Request->Value); // expected-error{{'__writedr' loads a value from a value read from the SystemBuffer into a control or debug register}}
}

// Case: the caller's IDT.
static VOID
FlashLoadIdt(PFLASH_REGISTER_REQUEST Request)
{
    __lidt(&Request->Descriptor); // expected-error{{'__lidt' loads a descriptor table register from a descriptor the caller supplies}}
}

// Case: CR3 returned in the reply.
static VOID
FlashGetCpuState(PFLASH_CPU_STATE State)
{
    State->Cr0 = __readcr0();
    State->Cr3 = __readcr3(); // expected-error{{the value of CR3 is written to the SystemBuffer, which goes back to the caller}}
    State->Cr4 = __readcr4();
}

// Case: SIDT straight into the reply.
static VOID
FlashGetIdt(PVOID Reply)
{
    __sidt(Reply); // expected-error{{the value of the IDTR is stored by '__sidt' into the SystemBuffer}}
}

// Case: the syscall entry point, through a local and RtlCopyMemory.
static VOID
FlashGetSyscall(PVOID Reply)
{
    ULONG64 entry = __readmsr(IA32_LSTAR);

    RtlCopyMemory(Reply, &entry, sizeof(entry)); // expected-error{{the value of IA32_LSTAR is copied by 'RtlCopyMemory' to the SystemBuffer}}
}

NTSTATUS
FlashDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(FLASH_REGISTER_REQUEST) ||
        irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FLASH_CPU_STATE)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_FLASH_SET_CR0:
            FlashSetCr0(buffer);
            break;
        case IOCTL_FLASH_CLEAR_CR4:
            FlashClearCr4(buffer);
            break;
        case IOCTL_FLASH_SET_DR7:
            FlashSetDr7(buffer);
            break;
        case IOCTL_FLASH_LOAD_IDT:
            FlashLoadIdt(buffer);
            break;
        case IOCTL_FLASH_GET_CPU_STATE:
            FlashGetCpuState(buffer);
            Irp->IoStatus.Information = sizeof(FLASH_CPU_STATE);
            break;
        case IOCTL_FLASH_GET_IDT:
            FlashGetIdt(buffer);
            Irp->IoStatus.Information = sizeof(FLASH_DESCRIPTOR);
            break;
        case IOCTL_FLASH_GET_SYSCALL:
            FlashGetSyscall(buffer);
            Irp->IoStatus.Information = sizeof(ULONG64);
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
