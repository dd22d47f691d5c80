import type { Language } from '../shared/i18n/index.js';

/** The CLI's own words (the domain's error texts come from the shared catalogs). */
const zh = {
  usage: `用法：dossier <命令> [选项]

命令：
  init          --archive 目录 --user 用户名 [--display-name 姓名] [--archive-name 名称] [--demo] [--recovery-qr 文件.svg]
                打印一次恢复密钥（--json 时为 recoveryKey）
  recovery reset-password --archive 目录 --key 恢复密钥 --username 管理员   新密码取自 DOSSIER_NEW_PASSWORD
  rekey         --archive 目录 --user 管理员 [--recovery-qr 文件.svg]   更换全部密钥（密钥可能泄露时），打印新的恢复密钥
  client add    --archive 目录 --user 用户名 --name 名称 [--credit-code 代码] [--category 类别]
                [--contact-person 联系人] [--contact-phone 电话]
  client list   --archive 目录 --user 用户名 [--search 文本]
  file add      --archive 目录 --user 用户名 --client 客户ID或信用代码 --title 题名
                [--confidentiality 普通|秘密|机密|绝密] [--retention 永久|30年|10年]
  lend          --archive 目录 --user 用户名 --file 档号 --borrower 工号|卡号|人员ID [--application 申请ID]
                [--paper-approval "signed by 姓名 on YYYY-MM-DD"] [--purpose 用途] [--due YYYY-MM-DD]
                按已批准的申请借出（自动匹配）；未经审批时拒绝并说明缺少什么
  return        --archive 目录 --user 用户名 --file 档号 [--missing 序号 …] [--damaged 序号 …] [--note 备注] [--location 位置ID]
                归还并清点卷内文件：缺失、损坏的各登记一条问题记录；有人预约时提示并为其保留
  read          --archive 目录 --user 用户名 --file 档号 --reader 工号|卡号|人员ID [--application 申请ID]
                [--paper-approval "signed by 姓名 on YYYY-MM-DD"]   室内查阅（无应还日期）
  read          --file 档号 --end [--missing 序号 …] [--damaged 序号 …] [--note 备注]   结束查阅
  renew         --archive 目录 --user 用户名 --file 档号            续借（次数上限见借阅规则）
  hold          --archive 目录 --user 用户名 --file 档号 --for 工号|卡号|人员ID   预约（排队）
  hold cancel   预约ID [--reason 原因]；holds [--file 档号] [--ready] [--all]   预约列表
  overdue       --archive 目录 --user 用户名                  逾期清单（按逾期天数、借阅人、部门）
  incidents     --archive 目录 --user 用户名 [--open] [--file 档号] [--person 工号]   问题记录（缺失、损坏）
  incident resolve 问题记录ID --as found|replaced|written-off [--reason 原因]   已找到、已补齐或核销（须填原因）
  reverse       记录ID --reason 原因 --archive 目录 --user 用户名   冲正一条借阅或查阅记录（不删除、不修改原记录）
  ledger        --archive 目录 --user 用户名 [--open]
  audit         --archive 目录 --user 用户名 [--verify [--anchor 锚点码]] [--limit N]   审计日志；校验列出每处问题（有问题时退出码为 1）
  audit anchor  --archive 目录 --user 用户名              打印当前审计锚点码（请抄写保存）
  import clients 文件.xlsx|文件.csv --archive 目录 --user 用户名 [--dry-run] [--mapping 对应关系.json]
                [--encoding gbk|utf8] [--all-or-nothing]      导入客户（试运行发现问题时退出码为 1）
  import files  文件 …（同上）                  导入档案及卷内文件（每个卷内文件一行，档案信息重复填写）
  export clients|files|loans|handovers --out 文件.xlsx|文件.csv --archive 目录 --user 用户名 [--open]
                [--encoding gbk] [--headers en] [--force]      导出列表
  print catalog|contents|cover|notesheet|roster|register|overdue|reminders|handover|terminated --out 文件.pdf
                --archive 目录 --user 用户名 [--file 档号 …] [--client 客户ID或信用代码] [--since 日期]
                [--from 日期 --to 日期] [--year 年度] [--columns name,creditCode,…] [--force]   打印表单（PDF）
  print audit   --out 文件.pdf --archive 目录 --user 用户名 [--from 日期 --to 日期] [--by 操作人用户名]
                [--action 操作或操作组,…] [--target 文字]   审计日志报告（含打印时的锚点码）
  print labels  --out 文件.pdf --archive 目录 --user 用户名 [--file 档号 …] [--since 日期] [--box 位置]
                [--outdated] [--kind spine|folder|box] [--layout 版式] [--start N] [--copies N]   打印标签
  print calibration --layout 版式 --out 文件.pdf --archive 目录 --user 用户名 [--offset-x 毫米 --offset-y 毫米]   标签校准页
  scan add      --file 档号 [--item 序号] 文件 … --archive 目录 --user 用户名 [--no-ocr]   添加扫描件（PDF、JPEG、PNG、TIFF；打印 ID 和页数；随后识别文字）
  scan list     --file 档号 --archive 目录 --user 用户名          列出档案的扫描件
  scan ocr      [--file 档号 | --all] [--again] --archive 目录 --user 用户名   识别扫描件上的文字（后台任务，Ctrl+C 取消）
  scan export   扫描件ID --out 文件 --archive 目录 --user 用户名 [--force]   导出解密后的扫描件（记入审计日志）
  inbox         --archive 目录 --user 用户名 [--assign 扫描件ID --file 档号 [--item 序号]]   收件箱：未归档的扫描件
  watch         --folder 目录 --archive 目录 --user 用户名 [--stable 秒] [--once] [--no-ocr]   扫描仪文件夹：按文件名中的档号或首页条码归档，其余进收件箱；无法导入的移到“未导入-rejected”
  verify        --archive 目录 --user 用户名 [--dry-run]          逐个核对扫描件存储（缺失、损坏、多余；有问题时退出码为 1）
  search        文本 --archive 目录 --user 用户名 [--kind client|file|item] [--limit N]   全局检索
  user add      --archive 目录 --user 用户名 --username 新用户名 --display-name 姓名
                --role admin|clerk|approver|reader [--department 部门] [--clearance 普通|秘密|机密|绝密]
                新用户的密码取自 DOSSIER_NEW_PASSWORD，未设置时提示输入
  user list     --archive 目录 --user 用户名
  user edit     --archive 目录 --user 管理员 --username 用户名 [--display-name 姓名] [--department 部门]
                [--role 角色] [--clearance 普通|秘密|机密|绝密]
  user disable  --archive 目录 --user 管理员 --username 用户名 [--reason 原因]   停用（不能再登录）
  user enable   --archive 目录 --user 管理员 --username 用户名                  重新启用
  user remove   --archive 目录 --user 管理员 --username 用户名 [--reason 原因]   删除（销毁其密钥槽）
  user reset-password --archive 目录 --user 管理员 --username 用户名   新密码取自 DOSSIER_NEW_PASSWORD，未设置时提示输入
  grant         --archive 目录 --admin 管理员 --user 用户名 --file 档号 --until YYYY-MM-DD [--reason 原因]   （或 --user 管理员 --username 用户名）
                允许该用户在截止日期（含）前查看一份高于其密级的档案
  grants        --archive 目录 --user 管理员 [--file 档号] [--username 用户名] [--all]   授权列表（--all 含已过期）
  grant revoke  --archive 目录 --user 管理员 --id 授权ID [--reason 原因]
  person add    --archive 目录 --user 用户名 --name 姓名 (--department 部门 [--staff-no 工号] [--card 卡号]
                | --outside --organisation 单位 --id-no 证件号 [--letter 介绍信编号])   登记借阅人
  people        --archive 目录 --user 用户名 [--search 文本]          人员登记（姓名、工号、卡号、单位）
  department add --archive 目录 --user 用户名 --name 部门 [--head 负责人用户名]
  departments   --archive 目录 --user 用户名
  apply         --archive 目录 --user 用户名 --requester 工号|卡号|人员ID --file 档号 [--file 档号 …]
                --kind read|loan|copy --purpose 用途 [--days N] [--letter 介绍信编号]
                [--paper-approval "signed by 姓名 on YYYY-MM-DD"]        借阅申请（纸质审批单：已签字）
  applications  --archive 目录 --user 用户名 [--pending] [--mine]       申请列表（--pending：待审批；审批人为待我审批）
  approve       申请ID [--comment 意见] --archive 目录 --user 审批人      同意
  reject        申请ID --reason 理由 --archive 目录 --user 审批人         驳回（须填理由）
  call          操作名 [--input JSON | --input @文件.json] --archive 目录 --user 用户名
                以 --user 的身份执行任一接口操作，输出 JSON
  ops           [--json]                       列出全部接口操作及其权限、输入和输出（JSON Schema）
  serve         [--archive 目录] [--port N]      以浏览器模式启动

通用选项：--json 输出 JSON（出错时在标准错误输出 {"error": {"code", "message"}}）；--lang zh-CN|en。
密码取自环境变量 DOSSIER_PASSWORD；未设置且连接终端时会提示输入。`,
  program: '命令行工具 dossier',
  passwordPrompt: '密码：',
  passwordRepeat: '再次输入密码：',
  passwordMismatch: '两次输入的密码不一致。',
  noPassword: '需要密码：请设置环境变量 DOSSIER_PASSWORD，或在终端中运行以便输入。',
  noNewPassword: '需要新用户的密码：请设置环境变量 DOSSIER_NEW_PASSWORD，或在终端中运行以便输入。',
  newPasswordPrompt: '新用户的密码：',
  newPasswordRepeat: '再次输入新用户的密码：',
  missingOperation: '请指定操作名（dossier ops 列出全部操作）。',
  badJsonInput: '--input 不是有效的 JSON：{{detail}}',
  callUseInit: '创建档案库请使用 dossier init。',
  callSessionOp: '无需调用 {{operation}}：每条 dossier 命令都以 --user 的身份解锁档案库，结束时自动锁定。',
  missingSearchText: '请指定检索内容。',
  badKind: '无效的类型“{{value}}”（可用：client、file、item）。',
  badRole: '无效的角色“{{value}}”（可用：{{roles}}）。',
  badNumber: '选项 --{{option}} 须为整数：{{value}}',
  searchCapped: '匹配结果较多，仅列出前 {{count}} 条；请细化检索条件。',
  userAdded: '已添加用户：{{username}}（{{displayName}}，角色 {{role}}）',
  missingOption: '缺少选项 --{{option}}。',
  badOption: '选项有误：{{detail}}',
  unknownCommand: '未知命令：{{command}}',
  missingFile: '请指定要导入的文件。',
  cannotRead: '无法读取文件：{{file}}',
  notRegularFile: '不是普通文件：{{file}}（不接受设备、管道或目录）。',
  fileTooLarge: '文件过大：{{file}}（最大 {{maxMb}} MB）。',
  cancelled: '已取消，未写入任何内容。',
  cannotWrite: '无法写入文件：{{file}}（{{detail}}）；已在审计日志中记录此次导出失败。',
  phase: { start: '开始', read: '读取', recognize: '识别文字', check: '检查', write: '写入', build: '生成', done: '完成' },
  badEncoding: '无效的编码“{{value}}”（可用：utf8、gbk）。',
  badMappingFile: '列对应关系文件 {{file}} 无法读取（应为 JSON：{"表头": "字段"}）：{{detail}}',
  badExportFormat: '导出文件名须以 .xlsx 或 .csv 结尾：{{file}}',
  fileExists: '文件已存在：{{file}}（如需覆盖请加 --force）。',
  exported: '已导出 {{rows}} 行：{{file}}',
  importCounts: '共 {{total}} 行数据：{{good}} 行无误，{{bad}} 行有问题；跳过空行 {{empty}} 行。',
  importUnmapped: '未导入的列：{{columns}}',
  importRow: '第 {{row}} 行',
  importDryRunClean: '试运行：未发现问题，未写入任何数据。',
  importDryRunProblems: '试运行：发现问题，未写入任何数据。',
  imported: '已导入：客户 {{clients}} 个，档案 {{files}} 卷，卷内文件 {{items}} 件。',
  badConfidentiality: '无效的密级“{{value}}”（可用：普通、秘密、机密、绝密）。',
  badRetention: '无效的保管期限“{{value}}”（可用：永久、30年、10年）。',
  clientNotFound: '找不到客户“{{value}}”（请使用客户ID或统一社会信用代码）。',
  created: '已创建档案库：{{dir}}（管理员：{{user}}）',
  clientAdded: '已登记客户：{{name}}（ID：{{id}}）',
  fileAdded: '已建档：{{archiveNo}}  {{title}}',
  lent: '已借出：{{archiveNo}} → {{borrower}}，应还日期 {{dueDate}}',
  returned: '已归还：{{archiveNo}}（借阅人：{{borrower}}）',
  total: '共 {{count}} 条',
  chainOk: '审计链完整：{{entries}} 条记录。',
  chainBroken: '审计链在第 {{seq}} 条处断裂！',
  headers: {
    clients: ['ID', '名称', '统一社会信用代码', '类别', '联系人', '档案数', '借出'],
    ledger: ['档号', '题名', '客户', '借阅人', '借出时间', '应还日期', '归还时间', '状态'],
    audit: ['序号', '时间', '用户', '操作', '对象'],
    ops: ['操作', '访问', '所需权限', '写入'],
    search: ['类型', '名称', '档号', '客户', '日期'],
    users: ['用户名', '姓名', '角色', '部门', '密级', '状态'],
  },
  loanState: { open: '借出中', overdue: '逾期', returned: '已归还' },
  searchKind: { client: '客户', file: '档案', item: '卷内文件', scan: '扫描件' },
  userState: { active: '启用', disabled: '停用' },
  userAdmin: {
    updated: '已更新用户 {{username}}：{{changes}}',
    fields: { displayName: '姓名 {{value}}', department: '部门 {{value}}', role: '角色 {{value}}', clearance: '密级 {{value}}', separator: '，' },
    disabled: '已停用用户 {{username}}：不能再登录。',
    enabled: '已重新启用用户 {{username}}。',
    removed: '已删除用户 {{username}}：其密钥槽已销毁，所做的记录保留其姓名。',
    passwordReset: '已重置用户 {{username}} 的密码，旧密码已失效。',
    resetPrompt: '用户的新密码：',
    resetRepeat: '再次输入新密码：',
    nothingToChange: '请至少指定 --display-name、--department、--role、--clearance 中的一项。',
    granted: '已允许 {{username}} 查看档案 {{archiveNo}}（{{confidentiality}}），至 {{until}}（含）为止。',
    revoked: '已撤销授权 {{id}}。',
    grantWho: '请用 --user 用户名 指定被授权人、--admin 管理员 指定登录的管理员（或 --user 管理员 --username 用户名）。',
    grantHeaders: ['授权ID', '用户名', '姓名', '档号', '密级', '截止日期', '授权人', '状态'],
    grantActive: '有效',
    grantExpired: '已过期',
  },
  yes: '是',
};

const en: typeof zh = {
  usage: `Usage: dossier <command> [options]

Commands:
  init          --archive DIR --user NAME [--display-name TEXT] [--archive-name TEXT] [--demo] [--recovery-qr FILE.svg]
                prints the recovery key once (recoveryKey with --json)
  recovery reset-password --archive DIR --key KEY --username ADMIN   new password from DOSSIER_NEW_PASSWORD
  rekey         --archive DIR --user ADMIN [--recovery-qr FILE.svg]   renew every key (when a key may have leaked), prints the new recovery key
  client add    --archive DIR --user NAME --name TEXT [--credit-code CODE] [--category TEXT]
                [--contact-person TEXT] [--contact-phone TEXT]
  client list   --archive DIR --user NAME [--search TEXT]
  file add      --archive DIR --user NAME --client ID|CREDIT_CODE --title TEXT
                [--confidentiality normal|restricted|confidential|top_secret] [--retention permanent|30y|10y]
  lend          --archive DIR --user NAME --file NO --borrower STAFF_NO|CARD|PERSON_ID [--application ID]
                [--paper-approval "signed by NAME on YYYY-MM-DD"] [--purpose TEXT] [--due YYYY-MM-DD]
                lends against the approved application (matched automatically); refused, naming what is missing, without one
  return        --archive DIR --user NAME --file ARCHIVE_NO [--missing SEQ …] [--damaged SEQ …] [--note TEXT] [--location ID]
                takes a file back after the completeness check: one incident per missing or damaged item; says who holds it
  read          --archive DIR --user NAME --file ARCHIVE_NO --reader PERSON [--application ID]
                [--paper-approval "signed by NAME on YYYY-MM-DD"]   in-room reading (no due date)
  read          --file ARCHIVE_NO --end [--missing SEQ …] [--damaged SEQ …] [--note TEXT]   ends the reading
  renew         --archive DIR --user NAME --file ARCHIVE_NO    renews a loan (the policy limits how often)
  hold          --archive DIR --user NAME --file ARCHIVE_NO --for PERSON   places a hold (a queue per file)
  hold cancel   ID [--reason TEXT]; holds [--file ARCHIVE_NO] [--ready] [--all]   lists holds
  overdue       --archive DIR --user NAME                     overdue files by days, per borrower and department
  incidents     --archive DIR --user NAME [--open] [--file ARCHIVE_NO] [--person PERSON]   missing or damaged items
  incident resolve ID --as found|replaced|written-off [--reason TEXT]   (writing off needs a reason)
  reverse       ID --reason TEXT --archive DIR --user NAME    reverses a ledger entry (nothing is changed or deleted)
  ledger        --archive DIR --user NAME [--open]
  audit         --archive DIR --user NAME [--verify [--anchor CODE]] [--limit N]   the audit log; verify lists every problem (exits 1 if any)
  audit anchor  --archive DIR --user NAME              print the current audit anchor code (write it down)
  import clients FILE.xlsx|FILE.csv --archive DIR --user NAME [--dry-run] [--mapping MAPPING.json]
                [--encoding gbk|utf8] [--all-or-nothing]      import clients (a dry run with problems exits 1)
  import files  FILE … (as above)               import files with their items (one row per item, file columns repeated)
  export clients|files|loans|handovers --out FILE.xlsx|FILE.csv --archive DIR --user NAME [--open]
                [--encoding gbk] [--headers en] [--force]      export a list
  print catalog|contents|cover|notesheet|roster|register|overdue|reminders|handover|terminated --out FILE.pdf
                --archive DIR --user NAME [--file NO …] [--client ID_OR_CREDIT_CODE] [--since DATE]
                [--from DATE --to DATE] [--year YYYY] [--columns name,creditCode,…] [--force]   print a form (PDF)
  print audit   --out FILE.pdf --archive DIR --user NAME [--from DATE --to DATE] [--by USERNAME]
                [--action ACTION_OR_GROUP,…] [--target TEXT]   audit report (with the anchor code at print time)
  print labels  --out FILE.pdf --archive DIR --user NAME [--file NO …] [--since DATE] [--box LOCATION]
                [--outdated] [--kind spine|folder|box] [--layout NAME] [--start N] [--copies N]   print labels
  print calibration --layout NAME --out FILE.pdf --archive DIR --user NAME [--offset-x MM --offset-y MM]   label calibration page
  scan add      --file NO [--item SEQ] FILE … --archive DIR --user NAME [--no-ocr]   add scans (PDF, JPEG, PNG, TIFF; prints each id and page count; then reads their text)
  scan list     --file NO --archive DIR --user NAME          a file's scans
  scan ocr      [--file NO | --all] [--again] --archive DIR --user NAME   read the text of scans (OCR, a job; Ctrl+C cancels)
  scan export   SCAN_ID --out FILE --archive DIR --user NAME [--force]   a decrypted scan to a file (audited)
  inbox         --archive DIR --user NAME [--assign SCAN_ID --file NO [--item SEQ]]   scans not yet assigned to a file
  watch         --folder DIR --archive DIR --user NAME [--stable SECONDS] [--once] [--no-ocr]   a scanner's hot folder: filed by an archive number in the name or a barcode on page 1, else the inbox; refused files moved to 未导入-rejected
  verify        --archive DIR --user NAME [--dry-run]          re-read every stored scan (missing, damaged, orphaned; exits 1 on a problem)
  search        TEXT --archive DIR --user NAME [--kind client|file|item] [--limit N]   global search
  user add      --archive DIR --user NAME --username NEW_NAME --display-name TEXT
                --role admin|clerk|approver|reader [--department TEXT] [--clearance normal|restricted|confidential|top_secret]
                the new user's password comes from DOSSIER_NEW_PASSWORD, or a prompt
  user list     --archive DIR --user NAME
  user edit     --archive DIR --user ADMIN --username NAME [--display-name TEXT] [--department TEXT]
                [--role ROLE] [--clearance normal|restricted|confidential|top_secret]
  user disable  --archive DIR --user ADMIN --username NAME [--reason TEXT]   the user can no longer sign in
  user enable   --archive DIR --user ADMIN --username NAME                   enabled again
  user remove   --archive DIR --user ADMIN --username NAME [--reason TEXT]   removed (their key slot destroyed)
  user reset-password --archive DIR --user ADMIN --username NAME   new password from DOSSIER_NEW_PASSWORD or a prompt
  grant         --archive DIR --admin ADMIN --user NAME --file ARCHIVE_NO --until YYYY-MM-DD [--reason TEXT]   (or --user ADMIN --username NAME)
                lets the user see one file above their clearance until the date (inclusive)
  grants        --archive DIR --user ADMIN [--file ARCHIVE_NO] [--username NAME] [--all]   grants (--all: expired too)
  grant revoke  --archive DIR --user ADMIN --id GRANT_ID [--reason TEXT]
  person add    --archive DIR --user NAME --name NAME (--department DEPT [--staff-no NO] [--card NO]
                | --outside --organisation ORG --id-no NO [--letter LETTER_NO])   register a borrower
  people        --archive DIR --user NAME [--search TEXT]             the people register
  department add --archive DIR --user NAME --name DEPT [--head USERNAME]
  departments   --archive DIR --user NAME
  apply         --archive DIR --user NAME --requester STAFF_NO|CARD|PERSON_ID --file NO [--file NO …]
                --kind read|loan|copy --purpose TEXT [--days N] [--letter LETTER_NO]
                [--paper-approval "signed by NAME on YYYY-MM-DD"]        an access application (a signed paper one)
  applications  --archive DIR --user NAME [--pending] [--mine]          (--pending: waiting; for an approver, waiting for them)
  approve       ID [--comment TEXT] --archive DIR --user APPROVER
  reject        ID --reason TEXT --archive DIR --user APPROVER         a rejection needs its reason
  call          OPERATION [--input JSON | --input @FILE.json] --archive DIR --user NAME
                runs any contract operation as --user and prints its output as JSON
  ops           [--json]                       lists every operation: capability, input and output (JSON Schema)
  serve         [--archive DIR] [--port N]      start browser mode

Common options: --json prints one JSON document (errors: {"error": {"code", "message"}} on stderr); --lang zh-CN|en.
The password comes from DOSSIER_PASSWORD, or a prompt when it is unset and a terminal is attached.`,
  program: 'the dossier command line',
  passwordPrompt: 'Password: ',
  passwordRepeat: 'Repeat password: ',
  passwordMismatch: 'The passwords do not match.',
  noPassword: 'A password is needed: set DOSSIER_PASSWORD, or run in a terminal to type it.',
  noNewPassword: "The new user's password is needed: set DOSSIER_NEW_PASSWORD, or run in a terminal to type it.",
  newPasswordPrompt: "New user's password: ",
  newPasswordRepeat: "Repeat the new user's password: ",
  missingOperation: 'Name the operation (dossier ops lists them all).',
  badJsonInput: '--input is not valid JSON: {{detail}}',
  callUseInit: 'Create an archive with dossier init.',
  callSessionOp: 'No need to call {{operation}}: every dossier command unlocks the archive as --user and locks it when done.',
  missingSearchText: 'Give the text to search for.',
  badKind: 'Invalid kind "{{value}}" (client, file, item).',
  badRole: 'Invalid role "{{value}}" ({{roles}}).',
  badNumber: 'Option --{{option}} takes a whole number: {{value}}',
  searchCapped: 'Many more matches: only the first {{count}} are listed; refine the search.',
  userAdded: 'User added: {{username}} ({{displayName}}, role {{role}})',
  missingOption: 'Missing option --{{option}}.',
  badOption: 'Invalid options: {{detail}}',
  unknownCommand: 'Unknown command: {{command}}',
  missingFile: 'Name the file to import.',
  cannotRead: 'Cannot read the file: {{file}}',
  notRegularFile: 'Not a regular file: {{file}} (devices, pipes and folders are refused).',
  fileTooLarge: 'The file is too large: {{file}} (at most {{maxMb}} MB).',
  cancelled: 'Cancelled; nothing was written.',
  cannotWrite: 'Cannot write the file: {{file}} ({{detail}}); the failed export is recorded in the audit log.',
  phase: { start: 'starting', read: 'reading', recognize: 'reading text', check: 'checking', write: 'writing', build: 'building', done: 'done' },
  badEncoding: 'Invalid encoding "{{value}}" (utf8, gbk).',
  badMappingFile: 'The mapping file {{file}} cannot be read (JSON expected: {"header": "field"}): {{detail}}',
  badExportFormat: 'The export file name must end in .xlsx or .csv: {{file}}',
  fileExists: 'The file exists: {{file}} (add --force to overwrite).',
  exported: 'Exported {{rows}} rows: {{file}}',
  importCounts: '{{total}} data rows: {{good}} good, {{bad}} with problems; {{empty}} empty rows skipped.',
  importUnmapped: 'Columns not imported: {{columns}}',
  importRow: 'Row {{row}}',
  importDryRunClean: 'Dry run: no problems found; nothing was written.',
  importDryRunProblems: 'Dry run: problems found; nothing was written.',
  imported: 'Imported: {{clients}} clients, {{files}} files, {{items}} items.',
  badConfidentiality: 'Invalid confidentiality "{{value}}" (normal, restricted, confidential, top_secret).',
  badRetention: 'Invalid retention "{{value}}" (permanent, 30y, 10y).',
  clientNotFound: 'No client "{{value}}" (use the client ID or its unified social credit code).',
  created: 'Archive created: {{dir}} (administrator: {{user}})',
  clientAdded: 'Client registered: {{name}} (ID: {{id}})',
  fileAdded: 'File opened: {{archiveNo}}  {{title}}',
  lent: 'Lent: {{archiveNo}} → {{borrower}}, due {{dueDate}}',
  returned: 'Returned: {{archiveNo}} (borrower: {{borrower}})',
  total: '{{count}} in all',
  chainOk: 'Audit chain intact: {{entries}} entries.',
  chainBroken: 'Audit chain broken at entry {{seq}}!',
  headers: {
    clients: ['ID', 'Name', 'Credit code', 'Category', 'Contact', 'Files', 'Out'],
    ledger: ['Archive no.', 'Title', 'Client', 'Borrower', 'Lent at', 'Due', 'Returned at', 'State'],
    audit: ['Seq', 'Time', 'User', 'Action', 'Target'],
    ops: ['Operation', 'Access', 'Capability', 'Writes'],
    search: ['Kind', 'Label', 'Archive no.', 'Client', 'Date'],
    users: ['User name', 'Name', 'Role', 'Department', 'Clearance', 'State'],
  },
  loanState: { open: 'On loan', overdue: 'Overdue', returned: 'Returned' },
  searchKind: { client: 'Client', file: 'File', item: 'Item', scan: 'Scan' },
  userState: { active: 'active', disabled: 'disabled' },
  userAdmin: {
    updated: 'User {{username}} updated: {{changes}}',
    fields: { displayName: 'name {{value}}', department: 'department {{value}}', role: 'role {{value}}', clearance: 'clearance {{value}}', separator: ', ' },
    disabled: 'User {{username}} disabled: they can no longer sign in.',
    enabled: 'User {{username}} enabled again.',
    removed: 'User {{username}} removed: their key slot is destroyed; their records keep their name.',
    passwordReset: "User {{username}}'s password was reset; the old one no longer works.",
    resetPrompt: "The user's new password: ",
    resetRepeat: 'The new password again: ',
    nothingToChange: 'Give at least one of --display-name, --department, --role, --clearance.',
    granted: '{{username}} may see file {{archiveNo}} ({{confidentiality}}) until {{until}} (inclusive).',
    revoked: 'Grant {{id}} revoked.',
    grantWho: 'Name the grantee with --user NAME and the administrator signing in with --admin ADMIN (or --user ADMIN --username NAME).',
    grantHeaders: ['Grant ID', 'User name', 'Name', 'Archive no.', 'Confidentiality', 'Until', 'Granted by', 'State'],
    grantActive: 'active',
    grantExpired: 'expired',
  },
  yes: 'yes',
};

export type CliMessages = typeof zh;
export const cliMessages: Record<Language, CliMessages> = { 'zh-CN': zh, en };

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
}

/**
 * i18next's plural pick for templates outside i18next (the CLI's own words and the shared catalogs it reads):
 * `key_one` / `key_other` by the language's plural rules (Chinese has one form), else `key`; filled with `count`.
 */
export function plural(forms: object, key: string, count: number, language: Language, params: Record<string, string | number> = {}): string {
  const table = forms as Record<string, unknown>;
  const rule = new Intl.PluralRules(language).select(count);
  const template = [table[`${key}_${rule}`], table[`${key}_other`], table[key]].find((t): t is string => typeof t === 'string') ?? '';
  return fill(template, { count, ...params });
}
