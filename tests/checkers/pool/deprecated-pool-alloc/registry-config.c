// drvcert-test: rules=deprecated-pool-alloc
//
// Deprecated allocations outside any IRP path: a driver that reads its
// configuration from the registry in DriverEntry. DriverEntry code is
// reported like dispatch code: the rule is about the routine, not about who
// can reach it.

#include <ntddk.h>

#define CFG_TAG 'gfCD'
#define CFG_MAX_VALUE_SIZE 4096

typedef struct _CFG_STATE {
    PKEY_VALUE_PARTIAL_INFORMATION Channels;
    PKEY_VALUE_PARTIAL_INFORMATION Options;
    PVOID CalibrationTable;
    PVOID EventRing;
} CFG_STATE, *PCFG_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CfgUnload;

static CFG_STATE CfgState;

//
// Case: a paged buffer for ZwQueryValueKey.
//
static NTSTATUS
CfgQueryValue(HANDLE Key, PCWSTR ValueName, PKEY_VALUE_PARTIAL_INFORMATION *Value)
{
    UNICODE_STRING name;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    ULONG resultLength = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&name, ValueName);
    status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, NULL, 0, &resultLength);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return status;
    }
    if (resultLength == 0 || resultLength > CFG_MAX_VALUE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }

    info = ExAllocatePoolWithTag(PagedPool, resultLength, CFG_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2', which zeroes the allocation}}
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, resultLength, &resultLength);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(info, CFG_TAG);
        return status;
    }
    *Value = info;
    return STATUS_SUCCESS;
}

//
// Case: a calibration table in executable NonPagedPool.
//
static NTSTATUS
CfgLoadCalibration(PKEY_VALUE_PARTIAL_INFORMATION Value)
{
    CfgState.CalibrationTable = ExAllocatePoolWithTag(NonPagedPool, Value->DataLength, CFG_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory, which lets an attacker run injected code and fails HVCI; use 'ExAllocatePool2' with POOL_FLAG_NON_PAGED}}
    if (CfgState.CalibrationTable == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(CfgState.CalibrationTable, Value->Data, Value->DataLength);
    return STATUS_SUCCESS;
}

//
// Case: the untagged routine is a real function in both header sets.
//
static NTSTATUS
CfgAllocateEventRing(ULONG Entries)
{
    CfgState.EventRing = ExAllocatePool(NonPagedPoolNx, (SIZE_T)Entries * sizeof(LARGE_INTEGER)); // expected-error{{'ExAllocatePool' is deprecated and returns uninitialized pool memory}}
    return CfgState.EventRing != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

//
// Case: the quota-charged tagged routine, called in the context of the
// process that loads the driver.
//
static PVOID
CfgCaptureOptions(PKEY_VALUE_PARTIAL_INFORMATION Value)
{
    PVOID copy = NULL;

    __try {
        copy = ExAllocatePoolWithQuotaTag(PagedPool, Value->DataLength, CFG_TAG); // expected-error{{'ExAllocatePoolWithQuotaTag' is deprecated and returns uninitialized pool memory}}
        RtlCopyMemory(copy, Value->Data, Value->DataLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        copy = NULL;
    }
    return copy;
}

VOID
CfgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (CfgState.Channels != NULL) {
        ExFreePoolWithTag(CfgState.Channels, CFG_TAG);
    }
    if (CfgState.Options != NULL) {
        ExFreePoolWithTag(CfgState.Options, CFG_TAG);
    }
    if (CfgState.CalibrationTable != NULL) {
        ExFreePoolWithTag(CfgState.CalibrationTable, CFG_TAG);
    }
    if (CfgState.EventRing != NULL) {
        ExFreePool(CfgState.EventRing);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    PKEY_VALUE_PARTIAL_INFORMATION calibration = NULL;
    PVOID options;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = CfgQueryValue(key, L"Calibration", &calibration);
    if (NT_SUCCESS(status)) {
        status = CfgLoadCalibration(calibration);
        ExFreePoolWithTag(calibration, CFG_TAG);
    }
    if (NT_SUCCESS(status)) {
        status = CfgQueryValue(key, L"Channels", &CfgState.Channels);
    }
    if (NT_SUCCESS(status) && NT_SUCCESS(CfgQueryValue(key, L"Options", &CfgState.Options))) {
        options = CfgCaptureOptions(CfgState.Options);
        if (options != NULL) {
            ExFreePoolWithTag(options, CFG_TAG);
        }
    }
    ZwClose(key);

    if (NT_SUCCESS(status)) {
        status = CfgAllocateEventRing(64);
    }

    // The modern routine is silent here as everywhere.
    if (NT_SUCCESS(status) && CfgState.Options == NULL) {
        CfgState.Options = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(KEY_VALUE_PARTIAL_INFORMATION), CFG_TAG); // no-warning
    }

    DriverObject->DriverUnload = CfgUnload;
    return status;
}
