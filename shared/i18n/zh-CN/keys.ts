/** Simplified Chinese: the archive's keys in the application — the recovery key on the sign-in screen, and renewing every key. */
export const keysUi = {
  recoverForm: {
    link: '忘记密码？使用恢复密钥',
    title: '用恢复密钥重置管理员密码',
    intro: '恢复密钥是创建档案库（或上次更换密钥）时打印并锁入保险柜的那 40 个字符。凭它可以为一位管理员设置新密码；其他用户的密码由管理员在“系统设置 > 用户”中重置。',
    key: '恢复密钥',
    keyHint: '40 个字符，可含空格或短横线，大小写均可。',
    username: '管理员用户名',
    password: '新密码',
    passwordHint: '至少 {{min}} 个字符',
    passwordRepeat: '确认新密码',
    passwordTooShort: '密码至少需要 {{min}} 个字符。',
    passwordMismatch: '两次输入的密码不一致。',
    submit: '重置密码',
    submitting: '正在重置…',
    back: '返回登录',
    done: '已用恢复密钥重置 {{username}} 的密码，请用新密码登录。',
    rebuilt: '档案库中的权限签名已无法验证，已按当前用户名单重新签名：登录后请核对各用户及其角色。',
  },
  rekey: {
    title: '更换全部密钥',
    intro:
      '怀疑密钥可能泄露（例如电脑或备份丢失、管理员离职或被降级）时，更换档案库的全部密钥：新的数据密钥和管理员密钥，每位用户的密钥槽重新封装，并生成新的恢复密钥。各用户的密码不变；旧密钥、旧恢复密钥和旧的密钥文件副本从此失效。',
    button: '更换全部密钥…',
    confirmTitle: '更换档案库的全部密钥？',
    confirmBody: '更换期间其他任务会被取消；完成后您将退出登录，并会看到新的恢复密钥（只显示一次），请准备好打印。旧的恢复密钥随即失效。',
    confirm: '更换密钥',
    running: '正在更换密钥…（第 {{done}} / {{total}} 步）',
    failed: '更换密钥未完成：',
    renewedIntro: '档案库的全部密钥已更换，您已退出登录。下面是新的恢复密钥，只显示这一次：旧的恢复密钥已失效。请立即打印（或工整抄写），锁入保险柜，并销毁旧的那一份。',
  },
};
