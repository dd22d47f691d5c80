/** Labels of fixed vocabularies (Simplified Chinese). */
export const enums = {
  confidentiality: { normal: '普通', restricted: '秘密', confidential: '机密', top_secret: '绝密' },
  retention: { permanent: '永久', '30y': '30年', '10y': '10年' },
  fileStatus: { in_stock: '在库', on_loan: '借出' },
  clientStatus: { prospect: '潜在', active: '合作中', terminated: '已终止' },
  terminationKind: { withdrawn: '退租', deregistered: '注销' },
  contactRole: { daily: '日常联系人', emergency: '紧急联系人', other: '其他联系人' },
  locationKind: { room: '库房', cabinet: '柜', shelf: '架', box: '盒' },
  calendarDayKind: { holiday: '放假', workday: '调休上班' },
  spreadsheetColumn: { name: '客户名称', creditCode: '统一社会信用代码', category: '客户类别', contactPerson: '联系人', contactPhone: '联系电话', shortName: '简称', legalRepresentative: '法定代表人', address: '地址', enterpriseNature: '企业性质', supervisingUnit: '主管单位', accountManager: '客户经理', creditStatus: '信用状况', clientName: '客户名称', clientCreditCode: '统一社会信用代码', title: '档案题名', confidentiality: '密级', retention: '保管期限', itemTitle: '文件题名', docNo: '文号', responsibleParty: '责任者', date: '日期', pageCount: '页数', remarks: '备注', archiveNo: '档号', status: '状态', clientStatus: '客户状态', createdAt: '登记时间', updatedAt: '更新时间', fileCount: '档案数', onLoanCount: '借出数', borrower: '借阅人', purpose: '用途', lentAt: '借出时间', lentBy: '经办人', dueDate: '应还日期', returnedAt: '归还时间', returnedBy: '归还经办人', overdue: '是否逾期', fileTitle: '档案题名', verifiedOn: '复核日期', fileType: '档案类型', location: '存放位置', fileRemarks: '档案备注' , department: '移交部门', eventKind: '触发事项', eventDate: '事项日期', deadline: '移交时限', receivedDate: '接收日期', onTime: '是否按时', daysLate: '逾期天数', handoverItems: '移交材料', missingItems: '缺少材料', handedOverBy: '移交人', receivedBy: '接收人' },
  role: { admin: '系统管理员', clerk: '档案管理员', approver: '审批人', reader: '查阅人' },
};
