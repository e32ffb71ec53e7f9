// drvcert-test: rules=ioctl-msr-access
//
// The WinRing0 template (OpenLibSys), which fan-control, RGB and
// monitoring tools still ship: IOCTLs that read and write any MSR the
// caller names. A later version tried to fix it with a deny-list, and a
// "tuning" IOCTL accepts a range too wide to be an allowlist.

#include <ntddk.h>

#define IA32_SYSENTER_EIP 0x176
#define IA32_LSTAR 0xC0000082
#define IA32_FS_BASE 0xC0000100

#define IOCTL_OLS_READ_MSR \
    CTL_CODE(40000, 0x821, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OLS_WRITE_MSR \
    CTL_CODE(40000, 0x822, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OLS_WRITE_MSR_V2 \
    CTL_CODE(40000, 0x823, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OLS_READ_EXTENDED_MSR \
    CTL_CODE(40000, 0x824, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OLS_SET_SYSCALL_HOOK \
    CTL_CODE(40000, 0x825, METHOD_BUFFERED, FILE_ANY_ACCESS)

#pragma pack(push, 4)
typedef struct _OLS_WRITE_MSR_INPUT {
    ULONG Register;
    ULARGE_INTEGER Value;
} OLS_WRITE_MSR_INPUT, *POLS_WRITE_MSR_INPUT;
#pragma pack(pop)

DRIVER_DISPATCH OlsDeviceControl;

//
// Case: read any MSR.
//
static NTSTATUS
OlsReadMsr(PVOID SystemBuffer, ULONG InLength, ULONG OutLength, PULONG_PTR Information)
{
    ULONG64 value;

    if (InLength < sizeof(ULONG) || OutLength < sizeof(ULONG64)) {
        return STATUS_INVALID_PARAMETER;
    }
    value = __readmsr(*(PULONG)SystemBuffer); // expected-error{{'__readmsr' reads the MSR whose index comes from a value read from the SystemBuffer without an allowlist; any caller can read IA32_LSTAR}}
    *(PULONG64)SystemBuffer = value;
    *Information = sizeof(ULONG64);
    return STATUS_SUCCESS;
}

//
// Case: write any MSR.
//
static NTSTATUS
OlsWriteMsr(PVOID SystemBuffer, ULONG InLength)
{
    POLS_WRITE_MSR_INPUT input = SystemBuffer;

    if (InLength < sizeof(OLS_WRITE_MSR_INPUT)) {
        return STATUS_INVALID_PARAMETER;
    }
    __writemsr(input->Register, input->Value.QuadPart); // expected-error{{'__writemsr' writes the MSR whose index comes from a value read from the SystemBuffer without an allowlist; any caller can rewrite IA32_LSTAR}}
    return STATUS_SUCCESS;
}

//
// Case: the "fix" of version 2, a deny-list. IA32_SYSENTER_EIP, IA32_CSTAR,
// IA32_KERNEL_GS_BASE ... are still open.
//
static NTSTATUS
OlsWriteMsrV2(PVOID SystemBuffer, ULONG InLength)
{
    POLS_WRITE_MSR_INPUT input = SystemBuffer;

    if (InLength < sizeof(OLS_WRITE_MSR_INPUT)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (input->Register == IA32_LSTAR) {
        return STATUS_ACCESS_DENIED;
    }
    __writemsr(input->Register, input->Value.QuadPart); // expected-error{{'__writemsr' writes the MSR whose index comes from a value read from the SystemBuffer, which only a deny-list constrains; a deny-list is not enough}}
    return STATUS_SUCCESS;
}

//
// Case: a range that is no allowlist: it admits the syscall MSRs.
//
static NTSTATUS
OlsReadExtendedMsr(PVOID SystemBuffer, ULONG InLength, ULONG OutLength, PULONG_PTR Information)
{
    ULONG index;

    if (InLength < sizeof(ULONG) || OutLength < sizeof(ULONG64)) {
        return STATUS_INVALID_PARAMETER;
    }
    index = *(PULONG)SystemBuffer;
    if (index < 0xC0000000 || index > 0xC0000FFF) {
        return STATUS_INVALID_PARAMETER;
    }
    *(PULONG64)SystemBuffer = __readmsr(index); // expected-error{{'__readmsr' reads the MSR whose index comes from a value read from the SystemBuffer with an allowlist that admits IA32_LSTAR}}
    *Information = sizeof(ULONG64);
    return STATUS_SUCCESS;
}

//
// Case: the index is the driver's own constant, the value the caller's.
//
static NTSTATUS
OlsSetSyscallHook(PVOID SystemBuffer, ULONG InLength)
{
    if (InLength < sizeof(ULONG64)) {
        return STATUS_INVALID_PARAMETER;
    }
    __writemsr(IA32_LSTAR, *(PULONG64)SystemBuffer); // expected-error{{'__writemsr' writes a value from a value read from the SystemBuffer to IA32_LSTAR; any caller can point the kernel's entry points at its own code}}
    return STATUS_SUCCESS;
}

NTSTATUS
OlsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OLS_READ_MSR:
        status = OlsReadMsr(buffer, inLength, outLength, &Irp->IoStatus.Information);
        break;
    case IOCTL_OLS_WRITE_MSR:
        status = OlsWriteMsr(buffer, inLength);
        break;
    case IOCTL_OLS_WRITE_MSR_V2:
        status = OlsWriteMsrV2(buffer, inLength);
        break;
    case IOCTL_OLS_READ_EXTENDED_MSR:
        status = OlsReadExtendedMsr(buffer, inLength, outLength, &Irp->IoStatus.Information);
        break;
    case IOCTL_OLS_SET_SYSCALL_HOOK:
        status = OlsSetSyscallHook(buffer, inLength);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
